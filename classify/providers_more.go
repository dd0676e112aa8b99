package classify

import "regexp"

// Sources of the tables of the providers issue 10 added.
const (
	srcEarthLink      = "https://postmaster-earthlink.vadesecure.com/inbound_error_codes (EarthLink inbound SMTP error codes: each reply carries a code ELNK_<n>)"
	srcEarthLinkOut   = "https://postmaster-earthlink.vadesecure.com/outbound_error_codes (EarthLink outbound SMTP error codes: _134, _136, _139 421 4.2.1 Connection deferred, the IP temporarily rate-limited)"
	srcEarthLinkBlock = "https://support.earthlink.net/articles/email/email-blocked-by-earthlink.php (EarthLink: 550 IP <ip> is blocked by EarthLink, an IP associated with spam)"
	srcEarthLinkZomb  = "https://lists.freebsd.org/pipermail/freebsd-doc/2009-October/016377.html (EarthLink's blockedbyearthlink auto-reply quoting its 550 Dynamic/zombied/spam IPs blocked)"
	srcIONOS          = "https://ionos.de/hilfe/e-mail/postmaster/smtp-fehlermeldungen-der-11-ionos-mailserver (IONOS: SMTP error messages of the IONOS mail servers)"
	srcIONOSCaseHi    = "https://github.com/homematic-community/hm_email/issues/13 (IONOS's smtp.ionos.de, on the United Internet platform WEB.DE and GMX share: 554-Transaction failed 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.1und1.de/de/case?c=hi&i=ip&v=..., cured by a header fix; case hi = header not RFC 5321/5322 compliant, https://postmaster.web.de/en/case?c=hi) ; IONOS's 1&1 MX hosts answer as kundenserver.de (mx00.1and1.co.uk: https://github.com/EmailVerify/email-verify/issues/38) and perfora.net (https://github.com/EmailVerify/email-verify/issues/41)"
	srcXMission       = "https://postmaster.xmission.com/senders/rejectcodes.php (XMission Mail Rejection Codes: each refusal carries a code XM-RJCT<nn>)"
	srcTalkTalk       = "https://www.suped.com/knowledge/email-deliverability/troubleshooting/how-to-contact-talktalk-postmaster-for-deliverability-issues-and-what-does-tt992-error-mean (TalkTalk's 'Content rejected (TT992)' is a policy reject, TT991 a policy deferral)"
	srcSFR            = "https://bentonow.com/smtp-errors/sfr (SFR Grand Public's SFR_IN_<n><nn> codes, the last two digits naming the cause; https://www.postmastery.com/all-about-isp-sfr-and-smtp-error-codes-sfr_in_xxx/ on the same codes)"
	srcFreenet        = "http://www.sitepackage.de/service/dokumentation/auswertung/typische-fehlermeldungen-bei-unzustellbarkeit.html (typical replies per provider: freenet answers an unknown recipient with 550 unrouteable address)"
)

// EarthLink is EarthLink's mail (earthlink.net, mindspring.com,
// peoplepc.com), filtered by Vade. Its refusals end in a code "ELNK_<n>"
// whose number names the cause; the words before it ("Connection
// refused", "Connection deferred", "Sender blocked error") are shared by
// causes as different as a block list, a missing PTR record and a
// connection limit, so the code decides.
var EarthLink = &Provider{
	Name:        "earthlink",
	Domains:     []string{"earthlink.net", "mindspring.com", "peoplepc.com"},
	CodePattern: regexp.MustCompile(`\belnk_([0-9]{3})\b`),
	Source:      srcEarthLink,
	Rules: []ProviderRule{
		{Reason: Blocked, Code: "101", Source: srcEarthLink},       // on the Vade Threat Network list
		{Reason: Blocked, Code: "102", Source: srcEarthLink},       // on a Validity block list
		{Reason: SystemError, Code: "103", Source: srcEarthLink},   // server temporarily unavailable
		{Reason: RequirePTR, Code: "105", Source: srcEarthLink},    // check your reverse DNS
		{Reason: RequirePTR, Code: "108", Source: srcEarthLink},    // check your FCrDNS
		{Reason: RateLimited, Code: "110", Source: srcEarthLink},   // concurrent connections limit
		{Reason: Blocked, Code: "111", Source: srcEarthLink},       // on a Spamhaus block list
		{Reason: BadReputation, Code: "130", Source: srcEarthLink}, // volume and quality of the traffic
		// The outbound page's codes (EarthLink's relay refusing its own
		// customers' servers): each one rate-limits the sending IP.
		{Reason: RateLimited, Code: "134", Source: srcEarthLinkOut}, // took part in SMTP AUTH attacks: rate-limited
		{Reason: RateLimited, Code: "136", Source: srcEarthLinkOut}, // excessive volume sent
		{Reason: RateLimited, Code: "139", Source: srcEarthLinkOut}, // excessive connections received
		{Reason: Blocked, Text: "is blocked by earthlink", Source: srcEarthLinkBlock},
		{Reason: Blocked, Text: "dynamic/zombied/spam ips blocked", Source: srcEarthLinkZomb},
	},
}

// IONOS is IONOS (formerly 1&1) hosting mail; its MX hosts
// (mx00.ionos.de, mx00.kundenserver.de, ...) receive for the customers'
// own domains. "Reject due to policy violations" refuses a sending IP
// IONOS has blocked: for a poor delivery rate (too many addresses that do
// not exist), spam reports, or a HELO that keeps changing.
var IONOS = &Provider{
	Name: "ionos",
	Domains: []string{
		"ionos.de", "ionos.com", "ionos.co.uk", "ionos.fr", "ionos.es", "ionos.it", "ionos.ca",
		"ionos.mx", "kundenserver.de", "1und1.de", "1and1.co.uk", "perfora.net",
	},
	Source: srcIONOS,
	Rules: []ProviderRule{
		{Reason: Blocked, Text: "reject due to policy violations", Source: srcIONOS},
		{Reason: RateLimited, Text: "rate limit reached", Source: srcIONOS},
		// IONOS runs United Internet's platform: its refusals link the
		// same case pages as WEB.DE's and GMX's, and case "hi" is a
		// header that is not RFC 5321/5322 compliant.
		{Reason: NotCompliantRFC, Text: "c hi", Source: srcIONOSCaseHi},
	},
}

// XMission is the Utah ISP XMission (xmission.com and the domains its
// "Virtual Mail" hosts). Its MX hosts refuse with a code "XM-RJCT<nn>"
// whose number names the cause; the code decides, whatever the words
// after it.
var XMission = &Provider{
	Name:        "xmission",
	Domains:     []string{"xmission.com"},
	CodePattern: regexp.MustCompile(`\bxm-rjct([0-9]{2})\b`),
	Source:      srcXMission,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Code: "01", Source: srcXMission}, // invalid username (@xmission.com)
		{Reason: UserUnknown, Code: "02", Source: srcXMission}, // invalid Virtual Mail recipient
		{Reason: Blocked, Code: "03", Source: srcXMission},     // the sending IP is a known open relay (XMORTS)
		{Reason: Blocked, Code: "04", Source: srcXMission},     // the sending IP is on Spamhaus's SBL
		{Reason: Blocked, Code: "05", Source: srcXMission},     // the sending IP is on Spamhaus's XBL
		{Reason: NoRelaying, Code: "06", Source: srcXMission},  // unauthorized relay attempt
	},
}

// TalkTalk is the UK ISP TalkTalk (talktalk.net, talktalk.co.uk and the
// former Tiscali UK). Its policy layer answers "Content rejected (TT992)"
// for a policy reject and TT991 for a policy deferral: the code names the
// cause, not the word "content".
var TalkTalk = &Provider{
	Name:        "talktalk",
	Domains:     []string{"talktalk.net", "talktalk.co.uk", "tiscali.co.uk"},
	CodePattern: regexp.MustCompile(`\btt(99[12])\b`),
	Source:      srcTalkTalk,
	Rules: []ProviderRule{
		{Reason: PolicyViolation, Code: "992", Source: srcTalkTalk}, // policy reject
		{Reason: PolicyViolation, Code: "991", Source: srcTalkTalk}, // policy deferral
	},
}

// Freenet is freenet.de's mail. Its MX hosts run Exim and answer a
// recipient they do not have with Exim's "unrouteable address", which
// elsewhere means a domain that cannot be routed; from freenet's own
// hosts the domain is freenet's and the address is the unknown part.
var Freenet = &Provider{
	Name:    "freenet",
	Domains: []string{"freenet.de"},
	Source:  srcFreenet,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Text: "unrouteable address", OwnReply: true, Source: srcFreenet},
	},
}

// SFR is SFR Grand Public's mail (sfr.fr, neuf.fr, club-internet.fr,
// numericable.fr and the other brands on smtp-in.sfr.fr). A refusal
// carries "SFR_IN_<n><nn>": the first digit is SFR's internal, the last
// two name the cause of the sending IP's two-hour block.
var SFR = &Provider{
	Name: "sfr",
	Domains: []string{
		"sfr.fr", "neuf.fr", "club-internet.fr", "cegetel.net", "numericable.fr", "numericable.com",
		"noos.fr", "9online.fr", "9business.fr", "sfr.net",
	},
	CodePattern: regexp.MustCompile(`\bsfr_in_[0-9]([0-9]{2})\b`),
	Source:      srcSFR,
	Rules: []ProviderRule{
		{Reason: Blocked, Code: "01", Source: srcSFR},     // too many messages classified as spam
		{Reason: Blocked, Code: "02", Source: srcSFR},     // viruses or malware sent
		{Reason: Blocked, Code: "03", Source: srcSFR},     // too many SMTP protocol errors
		{Reason: Blocked, Code: "04", Source: srcSFR},     // too many unknown users
		{Reason: RateLimited, Code: "05", Source: srcSFR}, // volume limit exceeded
	},
}
