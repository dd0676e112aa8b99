package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"

	"github.com/stretchr/testify/assert"
)

// TestSisimaiRhostReplies holds replies of providers whose code tables
// go-sisimai keeps (rhost/for-messagelabs.go, for-tencent.go, for-zoho.go,
// for-franceptt.go, for-godaddy.go, for-cloudflare.go, for-kddi.go) that
// testdata/provider-replies.tsv does not hold, each with the reason
// Sisimai's table gives it (old names mapped as reason.go does). The
// texts are the replies those tables quote (their sources: the Broadcom
// knowledge base, GoDaddy's bounce page, QQ Mail's help pages, the
// Orange/La Poste code list, Cloudflare's postmaster page); where a table
// keeps only a fragment, the words around it are the held-out collection
// rhost24's (research/heldout/rhost24/sources.tsv says which).
func TestSisimaiRhostReplies(t *testing.T) {
	tests := []struct {
		remote, rcpt, status, diag string
		want                       Reason
		delayed                    bool
	}{
		{"cluster1.eu.messagelabs.com", "h.weber@example-insure.de", "5.0.0", "553 DMARC domain authentication fail", AuthFailure, false},
		{"cluster1.eu.messagelabs.com", "s.klein@example-insure.de", "5.7.1", "553 sorry, your envelope sender is in my badmailfrom list. Please visit www.symanteccloud.com/troubleshooting for more details about this error message and instructions to resolve this issue. (#5.7.1)", Rejected, false},
		{"cluster8.eu.messagelabs.com", "m.jones@example-bank.co.uk", "", "501 Connection rejected by policy [7.7] 20805, please visit www.messagelabs.com/support for more details about this error message.", BadReputation, false},
		{"cluster5.us.messagelabs.com", "a.brown@example-legal.com", "5.0.0", "553-mail rejected because your IP is in the PBL. See http://www.spamhaus.org/pbl", Blocked, false},
		{"cluster1.eu.messagelabs.com", "billing@example-retail.com", "5.6.2", "553 Stray linefeeds in message (#5.6.2)", ContentError, false},
		{"cluster1.eu.messagelabs.com", "purchasing@example-pharma.com", "4.7.1", "451 TLS/SSLv3 Connection required. (#4.7.1)", FailedSTARTTLS, true},
		{"cluster1.eu.messagelabs.com", "it@example-logistics.com", "", "550 sender envelope domain not allowed for sender IP address (#5.1.8)", Rejected, false},
		{"cluster1.us.messagelabs.com", "alumni@example-corp.com", "4.5.3", "452 Too many recipients received this hour", RateLimited, false},
		{"cluster1.us.messagelabs.com", "events@example-corp.com", "4.3.0", "460 too many messages (#4.3.0)", RateLimited, false},
		{"cluster3.eu.messagelabs.com", "former.staff@example-energy.com", "", "550-Invalid recipient <former.staff@example-energy.com> 550 (#5.1.1)", UserUnknown, false},
		{"cluster3.eu.messagelabs.com", "ceo@example-energy.com", "", "553-Sorry, your domain has been blacklisted", Rejected, false},
		{"mx1.qq.com", "48213377@qq.com", "5.0.0", "550 Suspected bounce attacks. https://service.mail.qq.com/detail/122/57", Blocked, false},
		{"mx1.qq.com", "77120984@qq.com", "5.0.0", "550 Suspected spam ip. https://service.mail.qq.com/detail/122/66", Blocked, false},
		{"mx2.qq.com", "2238812@qq.com", "", "552 Message too large. https://service.mail.qq.com/detail/122/168", EmailTooLarge, false},
		{"mx2.qq.com", "931177@foxmail.com", "", "550 Ip frequency limited. https://service.mail.qq.com/detail/122/172", RateLimited, false},
		{"mx1.qq.com", "88231@qq.com", "5.0.0", "550 Spam is embedded in the email. https://service.mail.qq.com/detail/122/59", SpamDetected, false},
		{"mx1.qq.com", "abc..d@qq.com", "5.0.0", "550 Bad address syntax. https://service.mail.qq.com/detail/122/167", SyntaxError, false},
		{"mx1.qq.com", "5512309@qq.com", "5.0.0", "550 5512309@qq.com is a deactivated mailbox http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000742", Suspend, false},
		{"mx1.qq.com", "6671234@qq.com", "", "550 Frequency of receiving messages is limited. https://service.mail.qq.com/detail/122/1011", RateLimited, false},
		{"mx1.qq.com", "7781234@qq.com", "", "550 Suspected spam. https://service.mail.qq.com/detail/122/71", Rejected, false},
		{"mx.zoho.com", "founder@example-zoho-customer.com", "4.7.1", "451 4.7.1 Greylisted, try again after some time", Blocked, true},
		{"smtpin.zoho.com", "parent1@zoho.com", "", "554 5.7.7 Email policy violation detected", PolicyViolation, false},
		{"smtpin.zoho.com", "parent2@zoho.com", "", "550 5.1.1 User does not exist - <parent2@zoho.com>", UserUnknown, false},
		{"smtp-in.orange.fr", "jean.martin@orange.fr", "5.7.0", "550 5.7.0 Code d'authentification invalide OFR_305", SecurityError, false},
		{"smtp-in.laposte.net", "claire.dubois@laposte.net", "5.5.0", "550 5.5.0 SPF: 203.0.113.9 is not allowed to send mail. LPN004_401", AuthFailure, false},
		{"smtp-in.laposte.net", "marc.petit@laposte.net", "5.5.0", "550 5.5.0 Authentification requise. Authentication Required. LPN105_402", SecurityError, false},
		{"smtp-in.laposte.net", "ancien.compte@laposte.net", "", "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420", Suspend, false},
		{"smtp-in.laposte.net", "bloque@laposte.net", "", "550 5.5.0 Le compte du destinataire est bloque. The recipient account isblocked. LPN007_426", Suspend, false},
		{"smtp-in.orange.fr", "famille.leroy@orange.fr", "4.2.0", "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]", SystemError, true},
		{"smtp-in.laposte.net", "client1@laposte.net", "5.7.1", "571 5.7.1 Message refused, DMARC verification Failed. Message refuse, verification DMARC en echec LPN007_517", AuthFailure, false},
		{"smtp-in.laposte.net", "client2@laposte.net", "5.7.1", "554 5.7.1 Client host rejected LPN000_630", PolicyViolation, false},
		{"smtp.orange.fr", "acheteur@orange.fr", "4.0.0", "421 smtp.orange.fr [203.0.113.40] Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom de domaine. Invalid Sender. SPF check failed, please verify the SPF/DNS configuration for your domain name.", AuthFailure, true},
		{"smtp-in.laposte.net", "adherent@laposte.net", "", "550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try later. LPN005_510", Blocked, false},
		{"smtp-in.laposte.net", "tresorier@laposte.net", "", "553 5.5.3 Mail from not owned by user. LPN105_421", Rejected, false},
		{"mx1.secureserver.net", "owner@example-gd1.com", "5.0.0", "550 notify@example-app.com Blank From: addresses are not allowed. Provide a valid From. IB501", NotCompliantRFC, false},
		{"mx1.secureserver.net", "sales@example-gd1.com", "5.0.0", "550 example-app.com From: Domain is invalid. Provide a valid From: IB506", Rejected, false},
		{"mx2.secureserver.net", "info@example-gd2.com", "", "550 shop@example-store.net Invalid SPF record. Inspect your SPF settings, and try again. IB508", AuthFailure, false},
		{"mx2.secureserver.net", "help@example-gd2.com", "", "550 shop@example-store.net IP addresses are not allowed as a From: Address. Provide a valid From. IB502", NotCompliantRFC, false},
		{"mx1.secureserver.net", "a@example-gd3.com", "4.5.3", "452 This message contains too many recipients. Reduce the number of recipients and retry. IB605", RateLimited, false},
		{"mx1.secureserver.net", "b@example-gd3.com", "5.0.0", "550 This IP has sent too many to too many recipients this hour. IB607", RateLimited, false},
		{"mx1.secureserver.net", "donor@example-gd4.com", "4.0.0", "421 Server temporarily unavailable. Try again later. IB101", RateLimited, true},
		{"mx1.secureserver.net", "x@example-gd5.com", "", "554 This IP has been blocked for the day, for attempting to send too many messages containing content judged to be spam by the Internet community. IB111", Blocked, false},
		{"mx1.secureserver.net", "y@example-gd5.com", "", "554 This IP has been blocked for the day, for attempting to mail too many invalid recipients. IB113", Blocked, false},
		{"mx1.secureserver.net", "office@example-gd6.com", "5.0.0", "554 Connection refused. This IP address is listed on the Policy Block List (PBL). IB106", Blocked, false},
		{"mx1.secureserver.net", "full@example-gd7.com", "5.2.2", "552 5.2.2 Account storage limit", MailboxFull, false},
		{"mx1.secureserver.net", "off@example-gd7.com", "5.2.1", "550 5.2.1 Account disabled", Suspend, false},
		{"mx1.secureserver.net", "gone@example-gd7.com", "5.1.1", "550 5.1.1 Account does not exist", UserUnknown, false},
		{"mx1.secureserver.net", "loop@example-gd8.com", "", "554 This message is looping: it already has my Delivered-To line. (#5.4.6)", SystemError, false},
		{"mx1.secureserver.net", "inbox@example-gd8.com", "", "552 Message rejected for spam or virus content", SpamDetected, false},
		{"route1.mx.cloudflare.net", "me@example-cf.dev", "5.7.1", "554 5.7.1 203.0.113.77 found on one or more DNSBLs", Blocked, false},
		{"route2.mx.cloudflare.net", "author@example-cf2.dev", "4.3.0", "451 4.3.0 Upstream error, please try again later", SystemError, true},
		{"lsean.ezweb.ne.jp", "taro.yamada@ezweb.ne.jp", "5.1.1", "550 <taro.yamada@ezweb.ne.jp>: User unknown", UserUnknown, false},
		{"lsean.ezweb.ne.jp", "hanako@au.com", "5.0.0", "550 : User unknown", Filtered, false},
	}
	for _, tt := range tests {
		t.Run(tt.remote+"/"+tt.rcpt, func(t *testing.T) {
			r := fact(tt.remote, tt.rcpt, tt.status, tt.diag)
			if tt.delayed {
				r.Recipients[0].Action = dsn.ActionDelayed
			}
			v := classifyOne(t, r)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
		})
	}
}

// Cloudflare's rows read Cloudflare's own replies only: the same words
// from another host are left to the generic stages.
func TestCloudflareNearMisses(t *testing.T) {
	v := classifyOne(t, fact("route1.mx.cloudflare.net", "me@example.dev", "4.3.0", "451 4.3.0 Upstream error, please try again later"))
	assert.Equal(t, "cloudflare", v.Provider)
	assert.Equal(t, SystemError, v.Reason, v.Rule)
	v = classifyOne(t, fact("mx.example.org", "me@example.org", "4.3.0", "451 4.3.0 Upstream error, please try again later"))
	assert.NotEqual(t, "cloudflare", v.Provider)
	v = classifyOne(t, fact("route2.mx.cloudflare.net", "me@example.dev", "5.1.1", "550 5.1.1 Unknown recipient address"))
	assert.NotEqual(t, SystemError, v.Reason, v.Rule)
}

// MessageLabs' rows for the bracketed forms Broadcom's page gives, and the
// RFC 2822 refusal; the address-less sentence stays the recipient's own
// block (rejected), and the abort words without "[4]" or from another host
// are not a format refusal.
func TestMessageLabsBracketRows(t *testing.T) {
	const ml = "cluster1.eu.messagelabs.com"
	for _, tt := range []struct {
		remote, diag string
		want         Reason
		is           bool
	}{
		{ml, "553 Sorry, your email address (sender@example.org) has been blocked", Blocked, true},
		{ml, "553 Sorry, your IP address (192.0.2.1) has been blocked", Blocked, true},
		{ml, "550 Requested action aborted [4]", NotCompliantRFC, true},
		{ml, "553 Sorry, your email address has been blocked", Rejected, true},
		{ml, "451 Requested action aborted: local error in processing", NotCompliantRFC, false},
		{"mx.example.org", "550 Requested action aborted [4]", NotCompliantRFC, false},
	} {
		v := classifyOne(t, fact(tt.remote, "user@example.com", "", tt.diag))
		if tt.is {
			assert.Equal(t, tt.want, v.Reason, "%s: %s", tt.diag, v.Rule)
		} else {
			assert.NotEqual(t, tt.want, v.Reason, "%s: %s", tt.diag, v.Rule)
		}
	}
}
