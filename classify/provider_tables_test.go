package classify

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One realistic reply per provider, with a text from the provider's
// published page (the row's Source), through the whole classifier.
func TestProviderPublishedTexts(t *testing.T) {
	tests := []struct {
		provider, remote, rcpt, status, diag string
		want                                 Reason
	}{
		{"aol", "", "neko@aol.com", "5.1.1", "554 delivery error: dd This user doesn't have a aol.com account (neko@aol.com) [0]", UserUnknown},
		{"apple", "mx01.mail.icloud.com", "neko@icloud.com", "4.7.1", "421 4.7.1 Messages to neko@icloud.com deferred due to excessive volume. Try again later", RateLimited},
		{"facebook", "", "neko@facebook.com", "5.1.1", "550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp Refused due to recipient preferences", Filtered},
		{"orange", "smtp-in.orange.fr", "neko@orange.fr", "5.1.1", "552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]", MailboxFull},
		{"laposte", "smtpz4.laposte.net", "neko@laposte.net", "5.5.0", "550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked. LPN007_426", Suspend},
		{"godaddy", "smtp.secureserver.net", "neko@example.com", "5.1.1", "550 5.1.1 <neko@example.com> - 192.0.2.1 has sent to too many recipients this hour. IB607 <http://x.co/rlbounce>", RateLimited},
		{"google", "gmail-smtp-in.l.google.com", "neko@gmail.com", "5.2.1", "550-5.2.1 The email account that you tried to reach is disabled. Learn more at https://support.google.com/mail/?p=DisabledUser - gsmtp", Suspend},
		{"google", "aspmx.l.google.com", "neko@example.org", "5.7.1", "550-5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers. - gsmtp", NotCompliantRFC},
		{"iua", "mx3.email.ua", "neko@i.ua", "5.0.0", "550 Mailbox is frozen. See http://mail.i.ua/err/3/", Suspend},
		{"kddi", "msmx.au.com", "neko@au.com", "5.1.1", "550 <neko@au.com>: User unknown", UserUnknown},
		{"messagelabs", "cluster5.eu.messagelabs.com", "neko@example.com", "5.0.0", "553-Sorry, your email address has been blacklisted", Rejected},
		{"microsoft", "example-com.mail.protection.outlook.com", "neko@example.com", "5.4.1", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", UserUnknown},
		{"microsoft", "outlook-com.olc.protection.outlook.com", "neko@outlook.com", "5.7.606", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]", Blocked},
		{"nttdocomo", "mfsmax.docomo.ne.jp", "neko@docomo.ne.jp", "5.2.0", "550 Unknown user neko@docomo.ne.jp", Filtered},
		{"spectrum", "", "neko@charter.net", "5.1.0", "550 5.1.0 <a@example.com> sender rejected. AUP#In-1310", RateLimited},
		{"spectrum", "", "neko@charter.net", "5.1.0", "550 5.1.0 AUP#I1530 message too large", EmailTooLarge},
		{"tencent", "mx3.qq.com", "neko@qq.com", "5.0.0", "550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000725", RateLimited},
		{"yahoo", "mta6.am0.yahoodns.net", "neko@yahoo.com", "4.7.0", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1", Rejected},
		{"comcast", "mx1.comcast.net", "neko@comcast.net", "5.0.0", "554 resimta-ch2-18v.sys.comcast.net comcast 192.0.2.1 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000", Blocked},
		{"att", "", "neko@att.net", "5.3.0", "553 5.3.0 flph829 DNSBL:RBL 521< 192.0.2.1 >_is_blocked.For assistance forward this error to abuse_rbl@abuse-att.net", Blocked},
		{"verizon", "", "neko@verizon.net", "5.0.0", "554 30 Sorry, your message to neko@verizon.net cannot be delivered. This mailbox is disabled (554.30)", Suspend},
		{"webde-gmx", "mx00.emig.gmx.net", "neko@gmx.de", "5.0.0", "550 Requested action not taken: mailbox unavailable", UserUnknown},
		{"mxroute", "heracles.mxrouting.net", "neko@example.com", "5.0.0", "550 Authentication Required", NoRelaying},
		{"yandex", "mx.yandex.ru", "neko@yandex.ru", "5.7.1", "554 5.7.1 Message rejected under suspicion of SPAM; https://ya.cc/1IrBc", SpamDetected},
		{"mailru", "mxs.mail.ru", "neko@mail.ru", "5.0.0", "550 Message was not accepted -- invalid mailbox. Local mailbox neko@mail.ru is unavailable: account is disabled", Suspend},
		{"rambler", "mx13.rambler.ru", "neko@rambler.ru", "4.7.1", "452 4.7.1 Try again later", RateLimited},
		{"zoho", "mx.zoho.com", "neko@zoho.com", "5.7.1", "550 5.7.1 Email rejected per DMARC policy for example.com", AuthFailure},
		{"free", "mx1.free.fr", "neko@free.fr", "4.0.0", "421 Too many spams from your IP (192.0.2.1), please visit http://postmaster.free.fr/", Blocked},
		{"protonmail", "mailsec.protonmail.ch", "neko@proton.me", "5.7.1", "554 5.7.1 The message was rejected by Rspamd filter", SpamDetected},
		{"rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.3.0", "451 4.3.0 <mail.example.org[192.0.2.1]>: Client host rejected: Throttled - Too much spam from your mail server. Try again later.", Blocked},
		{"infomaniak", "mta-gw.infomaniak.ch", "neko@ik.me", "5.1.1", "550 5.1.1 <neko@ik.me> recipient rejected, account administratively disabled", Suspend},
		{"fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "4.2.2", "451 User is over quota, try again later", MailboxFull},
		{"naver", "mx3.naver.com", "neko@naver.com", "5.3.4", "552 5.3.4 Error: message file too big", EmailTooLarge},
		{"netease", "163mx01.mxmail.netease.com", "neko@163.com", "5.0.0", "554 DT:SPM 163 smtp1,C8CowACnFy8LBIBk: http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.1", SpamDetected},
		{"sina", "mx.sina.com.cn", "neko@sina.cn", "4.7.1", "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", RequirePTR},
		{"earthlink", "", "neko@earthlink.net", "5.7.1", "550 5.7.1 Connection refused - ELNK_105", RequirePTR},
		{"ionos", "mx00.ionos.de", "neko@example.com", "4.0.0", "421 Rate limit reached. Please try again later", RateLimited},
		{"xmission", "mx01.mta.xmission.com", "neko@xmission.com", "5.0.0", "550-XM-RJCT04: IP address listed in SBL 550 [192.0.2.1] [mx01.mta.xmission.com]", Blocked},
		{"talktalk", "", "neko@talktalk.net", "5.0.0", "550 Content rejected (TT992)", PolicyViolation},
		{"freenet", "mx.freenet.de", "neko@freenet.de", "5.0.0", "550 unrouteable address", UserUnknown},
		{"sfr", "smtp-in.sfr.fr", "neko@sfr.fr", "4.7.1", "450 4.7.1 SFR_IN_101 Service refused due to bad behavior - Too many spam messages", Blocked},
		{"t-online", "mx03.t-online.de", "neko@t-online.de", "5.0.0", "554 IP=192.0.2.1 - None/bad reputation. Ask your postmaster for help or to contact tobr@rx.t-online.de for reset. (NOWL)", BadReputation},
		{"strato", "smtpin.rzone.de", "neko@example.de", "5.7.1", "550 5.7.1 Refused by local policy. No SPAM please! (B-ATTACH)", PolicyViolation},
	}
	for _, tt := range tests {
		t.Run(tt.provider+"/"+string(tt.want), func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.Equal(t, tt.provider, v.Provider)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.Equal(t, StageProvider, v.Stage, v.Rule)
			assert.True(t, strings.HasPrefix(v.Rule, tt.provider+"/"), v.Rule)
		})
	}
}

// Every provider in Providers has a test above; adding one without a
// test fails here.
func TestEveryProviderIsTested(t *testing.T) {
	tested := map[string]bool{"mimecast": true, "cox": true}
	for _, s := range []string{
		"aol", "apple", "facebook", "orange", "laposte", "godaddy", "google", "iua", "kddi",
		"messagelabs", "microsoft", "nttdocomo", "spectrum", "tencent", "yahoo", "comcast",
		"att", "verizon", "webde-gmx", "yandex", "mailru", "rambler", "zoho", "free",
		"protonmail", "rackspace", "infomaniak", "fastmail", "naver", "netease", "sina",
		"t-online", "mxroute", "hornetsecurity", "earthlink", "ionos",
		"xmission", "talktalk", "freenet", "sfr", "strato",
		"softbank", "daum", "263", "sohu", // provider_cjk_replies_test.go
		"improvmx",   // filtering_services_test.go
		"cloudflare", // rhost_sisimai_test.go
	} {
		tested[s] = true
	}
	for _, p := range Providers {
		assert.True(t, tested[p.Name], p.Name)
	}
}

// The tables are data with invariants: names and domains unique, lower
// case; every row sourced, with a known reason, something to match and
// an id naming one row.
func TestProviderTables(t *testing.T) {
	names := map[string]bool{}
	for _, p := range Providers {
		require.NotEmpty(t, p.Name)
		assert.False(t, names[p.Name], "duplicate provider %s", p.Name)
		names[p.Name] = true
		assert.NotEmpty(t, p.Source, p.Name)
		assert.NotEmpty(t, p.Domains, p.Name)
		assert.NotEmpty(t, p.Rules, p.Name)
		for _, d := range p.Domains {
			assert.Equal(t, strings.ToLower(d), d, "%s: domain %q", p.Name, d)
			assert.False(t, strings.HasPrefix(d, ".") || strings.HasSuffix(d, "."), "%s: domain %q", p.Name, d)
		}
		ids := map[string]int{}
		for i, r := range p.Rules {
			assert.NotEmpty(t, r.Source, "%s row %d", p.Name, i+1)
			_, ok := ParseReason(string(r.Reason))
			assert.True(t, ok, "%s row %d: reason %q", p.Name, i+1, r.Reason)
			assert.True(t, r.ReplyCode != 0 || r.Status != "" || r.Code != "" || r.Text != "", "%s row %d matches everything", p.Name, i+1)
			assert.Equal(t, strings.ToLower(r.Text), r.Text, "%s row %d: text is matched lower-cased", p.Name, i+1)
			if r.Code != "" {
				assert.NotNil(t, p.CodePattern, "%s row %d has a code but the provider no CodePattern", p.Name, i+1)
			}
			if r.CodeTo != "" {
				lo, err1 := strconv.Atoi(r.Code)
				hi, err2 := strconv.Atoi(r.CodeTo)
				assert.True(t, err1 == nil && err2 == nil && lo <= hi, "%s row %d: range %s-%s", p.Name, i+1, r.Code, r.CodeTo)
			}
			id := p.RuleID(i)
			assert.True(t, strings.HasPrefix(id, p.Name+"/"+string(r.Reason)+"/"), id)
			if prev, dup := ids[id]; dup {
				t.Errorf("%s: rows %d and %d share the id %s", p.Name, prev, i+1, id)
			}
			ids[id] = i + 1
		}
	}
}

// A host belongs to one provider at most.
func TestProviderDomainsUnique(t *testing.T) {
	owner := map[string]string{}
	for _, p := range Providers {
		for _, d := range p.Domains {
			if o, dup := owner[d]; dup {
				t.Errorf("domain %s belongs to %s and %s", d, o, p.Name)
			}
			owner[d] = p.Name
		}
	}
}

// Each row with a code is reachable: its code, found by the provider's
// pattern in a reply that carries it, selects that row.
func TestProviderCodesReachable(t *testing.T) {
	for _, p := range Providers {
		if p.CodePattern == nil {
			continue
		}
		for i, r := range p.Rules {
			if r.Code == "" || r.CodeTo != "" || r.ReplyCode != 0 || r.Status != "" || r.Text != "" {
				continue
			}
			var reply string
			switch p.Name {
			case "cox", "spectrum":
				reply = "550 rejected aup#" + strings.ToLower(r.Code)
			case "orange", "laposte":
				reply = "550 5.0.0 refused ofr_" + r.Code + " [" + r.Code + "]"
			case "iua":
				reply = "550 see http://mail.i.ua/err/" + r.Code + "/"
			case "earthlink":
				reply = "550 5.7.1 connection refused - elnk_" + r.Code
			case "xmission":
				reply = "550-xm-rjct" + r.Code + ": refused"
			case "sfr":
				reply = "450 4.7.1 sfr_in_1" + r.Code + " service refused"
			case "talktalk":
				reply = "550 content rejected (tt" + r.Code + ")"
			case "daum":
				reply = "550 5.1.1 " + strings.ToLower(r.Code) + " 192.0.2.1: refused"
			case "strato":
				reply = "550 5.7.1 refused by local policy. no spam please! (" + r.Code + ")"
			default:
				reply = "550 " + strings.ToLower(r.Code) + " refused"
			}
			got := p.match(&Input{Text: reply, ReplyCode: 550})
			assert.Equal(t, i, got, "%s: %q", p.Name, reply)
		}
	}
}
