package classify

import "regexp"

// Sources of the tables of American providers.
const (
	srcSpectrum = "https://www.spectrum.net/support/internet/understanding-email-error-codes"
	// Charter Postmaster Services ("Handling Spam": "should receive an SMTP reply code of 550 Message Rejected").
	srcCharterPostmaster = "http://www.myaccount.charter.com/customers/support.aspx?supportarticleid=1953"
	srcComcast           = "https://postmaster.comcast.net/mail-error-codes.html"
	srcXfinity           = "https://www.xfinity.com/support/articles/email-errors"
	srcATT               = "http://rbl.att.net/block_enduser.html (AT&T mail block error messages)"
	srcZepto             = "https://www.zoho.com/zeptomail/help/api/smtp-error-codes.html (ZeptoMail SMTP error codes: 553 Relaying disallowed as <address>, 552 5.7.1 virus ... detected by Zoho Mail)"
	srcATTUnknown        = "ActiveCampaign/smtp-field-manual:data/codes/550.json (AT&T's 550 5.2.1 <address>... Addressee unknown, relay=[...] and ... blank mailhost - invalid address, relay=[...] for an address it does not have)"
	srcGoDaddy           = "https://www.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685"
	srcRackspace         = "https://docs.rackspace.com/docs/common-email-bounces (Rackspace: common email bounce messages)"
	srcRackspaceG        = "https://smtp.codes/rackspace (Rackspace inbound replies with their (G..) codes)"
	srcRackspacePM       = "https://postmaster.apps.rackspace.com/system-info/response-codes (Rackspace inbound response codes; replies quoted by fm/smtp-codes:data/codes/550.json)"
	srcMXroute           = "https://docs.mxroute.com/docs/troubleshooting/no-such-recipient.html (MXroute: 550 No such recipient here)"
	srcMXrouteAuth       = "https://docs.mxroute.com/docs/troubleshooting/550auth.html (MXroute: 550 Authentication Required, the server is not set up to receive mail for the domain)"
	srcMXrouteSender     = "https://docs.mxroute.com/docs/troubleshooting/sender-verify-failed.html (MXroute: 550 Sender verify failed)"
	srcMXrouteCodes      = "fm/smtp-codes:data/codes/550.json (MXroute replies: Relay not permitted, the domain is not hosted; Unauthenticated mail not allowed from this range, a low-reputation IP range)"
	srcRackspaceRB       = "https://helpingmerchants.com/microsoft-outlook-emails-bouncing-heres-why-rackspace-is-rejecting-them-and-how-to-fix-it (Rackspace: 554 5.7.1 ACL dns_rbl)"
	srcApple             = "https://support.apple.com/en-us/102322 (iCloud Mail postmaster; no reply texts: archived at azumakuniyuki/feb-2024-no-auth-no-entry:apple-102322-icloud-postmaster/text/apple-102322-icloud-postmaster-2025-02-26.txt)"
	srcAppleSisimai      = "sisimai/p5-sisimai:lib/Sisimai/Rhost/Apple.pm"
	srcAppleCodes        = "https://smtp.codes/icloud (iCloud replies quoted literally)"
	srcComcastBiz        = "https://business.comcast.com/help-and-support/internet/email-bounce-back-messages/ (Comcast codes BL006, BL007)"
	srcATTWorldnet       = "http://www.att.net/general-info/mail_info/block_enduser.html (AT&T Worldnet: 550 Error. Blocked for abuse / Blocked for status: <unknown sender>)"
	srcATTDNSBL          = "https://pastebin.com/aK34z54J (bounces quoting al-ip4-mx-vip1.prodigy.net: 553 5.3.0 alph149 DNSBL:ATTRBL 521_is_blocked.For assistance forward this email to abuse_rbl@abuse-att.net)"
	srcFacebook          = "https://www.facebook.com/postmaster/response_codes"
	srcFastmail          = "https://fastmail.help/hc/en-us/articles/7010500320655-Why-messages-bounce-back (Fastmail: common Fastmail bounce errors)"
	srcFastmailOld       = "https://www.fastmail.help/hc/en-us/articles/360058753614-Why-messages-bounce-back (Fastmail: content rejected, access denied, blocklists)"
	srcFastmailUnd       = "https://www.fastmail.com/help/send/undeliverable.html (Fastmail: undelivered email)"
	srcFastmailLck       = "https://www.fastmail.com/docs/locked.html?domain=messagingengine.com (Fastmail: locked accounts, addresses and IPs)"
	srcFastmailQta       = "https://fastmail.com/blog/change-in-over-quota-handling (Fastmail: 451 User is over quota)"
	srcProton            = "https://github.com/rspamd/rspamd/issues/5098 (mailsec.protonmail.ch: 554 5.7.1 rejected by rspamd filter)"
	srcZoho              = "https://www.zoho.com/mail/help/spam-reason.html and https://smtpfieldmanual.com/provider/zoho"
	srcZohoCodes         = "https://smtp.codes/zoho (Zoho: the receiving domain has set up filters that block the message)"
	srcZohoSisimai       = "sisimai/go-sisimai:rhost/for-zoho.go@657974f38e8ebedfa2a50a13a11e4aa541fbe98f"
	srcMessageLabs       = "https://knowledge.broadcom.com/external/article/169652/email-error-and-bounce-codes-for-email-s.html"
	srcMessageLabsKB     = "https://knowledge.broadcom.com/external/article/169652/email-error-and-bounce-codes-for-email-s.html (Broadcom Email Security.cloud error and bounce codes: \"Sorry, your email address (addr) has been blocked\" / \"Sorry, your IP address (ip-addr) has been blocked\": open relay or block-listed IP; \"550 Requested action aborted [4]\": the format of the message did not comply with RFC 2822), as sisimai/go-sisimai rhost/for-messagelabs.go quotes it (blocked, notcompliantrfc)"
)

// Spectrum is Charter Spectrum (charter.net, rr.com, twc.com). Its replies
// end in "AUP#I<nnnn>" (incoming) or "AUP#O<nnnn>" (outgoing); the page
// gives reasons for ranges of the four-digit number. roadrunner.com is Road
// Runner's own domain, now Spectrum's: its refusals carry the same AUP#In-
// codes (https://www.suped.com/knowledge/email-deliverability/troubleshooting/why-am-i-seeing-roadrunner-deferrals-and-rejections-for-reputable-senders,
// https://www.spamresource.com/2019/10/charterroadrunner-bounces.html).
var Spectrum = &Provider{
	Name:        "spectrum",
	Domains:     []string{"charter.net", "spectrum.net", "rr.com", "roadrunner.com", "twc.com", "brighthouse.com"},
	CodePattern: regexp.MustCompile(`aup#[a-z]*-?([0-9]{4})`),
	Source:      srcSpectrum,
	Rules: []ProviderRule{
		{Reason: Blocked, Code: "1000", Source: srcSpectrum},                    // IP blocked for suspicious activity
		{Reason: Rejected, Code: "1010", Source: srcSpectrum},                   // account blocked from sending
		{Reason: Rejected, Code: "1020", CodeTo: "1080", Source: srcSpectrum},   // account's sending limited
		{Reason: SystemError, Code: "1090", Source: srcSpectrum},                // email cannot be processed, retry
		{Reason: RequirePTR, Code: "1100", CodeTo: "1150", Source: srcSpectrum}, // full-circle DNS required
		{Reason: PolicyViolation, Code: "1160", CodeTo: "1190", Source: srcSpectrum},
		{Reason: Blocked, Code: "1200", CodeTo: "1210", Source: srcSpectrum},     // Cloudmark CSI
		{Reason: Blocked, Code: "1220", CodeTo: "1250", Source: srcSpectrum},     // Spamhaus
		{Reason: NetworkError, Code: "1260", Source: srcSpectrum},                // no IPv6
		{Reason: RateLimited, Code: "1300", CodeTo: "1340", Source: srcSpectrum}, // connections
		{Reason: RateLimited, Code: "1350", CodeTo: "1490", Source: srcSpectrum}, // messages, recipients
		{Reason: Rejected, Code: "1500", Source: srcSpectrum},                    // sending as another address
		{Reason: Rejected, Code: "1520", Source: srcSpectrum},                    // sending as a domain not hosted
		{Reason: EmailTooLarge, Code: "1530", Source: srcSpectrum},               // larger than 20MB
		{Reason: RateLimited, Code: "1540", Source: srcSpectrum},                 // too many in one session
		{Reason: RateLimited, Code: "1550", Source: srcSpectrum},                 // too many recipients
		{Reason: PolicyViolation, Code: "1560", Source: srcSpectrum},             // too many invalid recipients
		{Reason: RateLimited, Code: "1580", Source: srcSpectrum},                 // too many recipients too fast
		// Charter's postmaster page: mail its anti-spam application flags is refused
		// with "550 Message Rejected" (no code); read only in Charter's own answer to DATA.
		{Reason: SpamDetected, ReplyCode: 550, Command: "DATA", Text: "message rejected", OwnReply: true, Source: srcCharterPostmaster, ID: "550 message rejected"},
	},
}

// Comcast is Comcast Xfinity (comcast.net). Its block codes name the list.
var Comcast = &Provider{
	Name:        "comcast",
	Domains:     []string{"comcast.net", "xfinity.com"},
	CodePattern: regexp.MustCompile(`\b((?:es|bl|rl)[0-9]{3,6})\b`),
	Source:      srcComcast,
	Rules: []ProviderRule{
		{Reason: Blocked, Code: "ES000001", Source: srcComcast},     // Comcast dynamic/residential space
		{Reason: Blocked, Code: "ES000010", Source: srcComcast},     // external dynamic/residential space
		{Reason: Blocked, Code: "BL000000", Source: srcComcast},     // patterns characteristic of spam
		{Reason: Blocked, Code: "BL000001", Source: srcComcast},     // Spamhaus Zen
		{Reason: Blocked, Code: "BL000010", Source: srcComcast},     // Cloudmark CSI
		{Reason: Blocked, Code: "BL000011", Source: srcComcast},     // Spamhaus Zen and Cloudmark CSI
		{Reason: Blocked, Code: "BL000100", Source: srcComcast},     // SenderScore
		{Reason: Blocked, Code: "BL000101", Source: srcComcast},     // Spamhaus Zen and SenderScore
		{Reason: Blocked, Code: "BL000110", Source: srcComcast},     // SenderScore and Cloudmark CSI
		{Reason: Blocked, Code: "BL000111", Source: srcComcast},     // SenderScore, Spamhaus Zen, Cloudmark CSI
		{Reason: Blocked, Code: "BL006", Source: srcComcastBiz},     // Spamhaus SBL/XBL (older code)
		{Reason: Blocked, Code: "BL007", Source: srcComcastBiz},     // Cloudmark CSI (older code)
		{Reason: RateLimited, Code: "RL000001", Source: srcComcast}, // rate limit on the IP
		{Reason: RateLimited, Code: "RL000010", Source: srcComcast}, // rate limit on the IP, domain
		{Reason: RateLimited, Text: "too many sessions opened", Source: srcComcast},
		{Reason: RequirePTR, Text: "reverse dns failure", Source: srcComcast},
		{Reason: Rejected, Text: "mail from domain does not resolve", Source: srcXfinity},
		{Reason: UserUnknown, Text: "not our customer", Source: srcXfinity},
	},
}

// ATT is AT&T Mail (att.net, sbcglobal.net, bellsouth.net and the other
// legacy domains). Since mid-2025 these domains' MX hosts are Yahoo's
// (mx-att.mail.am0.yahoodns.net, per https://bentonow.com/smtp-errors/yahoo), so a report that names only the
// recipient's AT&T domain is read with AT&T's own texts, then Yahoo's.
var ATT = &Provider{
	Name: "att",
	Domains: []string{
		"att.net", "sbcglobal.net", "bellsouth.net", "pacbell.net", "prodigy.net",
		"ameritech.net", "flash.net", "nvbell.net", "snet.net", "swbell.net", "wans.net",
	},
	Source: srcATT,
	Rules: append([]ProviderRule{
		{Reason: Blocked, Text: "dnsbl:", Source: srcATTDNSBL}, // 553 5.3.0 ... DNSBL:RBL / DNSBL:ATTRBL 521< ip >_is_blocked
		{Reason: Blocked, Text: "is blocked", ReplyCode: 521, Source: srcATT},
		{Reason: Blocked, Text: "blocked by ldap:ou=rblmx", Source: srcATT},
		{Reason: Blocked, Text: "blocked for abuse", Source: srcATTWorldnet},
		{Reason: RequirePTR, Text: "failure in dns look-up", Source: srcATT},
		{Reason: RequirePTR, Text: "blocked for status: <unknown sender>", Source: srcATTWorldnet},
		{Reason: Suspend, Text: "[suspend] mailbox currently suspended", Source: srcATT},
		// AT&T refuses an unknown address at RCPT with X.2.1 and its own
		// words; a report that does not name the command (an ESP's JSON
		// notification) would otherwise leave them to X.2.1's filtered.
		{Reason: UserUnknown, Text: "addressee unknown, relay=", Source: srcATTUnknown},
		{Reason: UserUnknown, Text: "blank mailhost - invalid address", Source: srcATTUnknown},
		{Reason: Rejected, Text: "requires valid sender domain", Source: srcATT},
		{Reason: Blocked, Text: "unauthorized interface for", Source: srcATT},
		{Reason: RateLimited, Text: "busy--please try again later", Source: srcATT},
	}, yahooRules...),
}

// GoDaddy is GoDaddy's email hosting (secureserver.net). Its replies end
// in an "IB<nnn>" code.
var GoDaddy = &Provider{
	Name:        "godaddy",
	Domains:     []string{"secureserver.net"},
	CodePattern: regexp.MustCompile(`\b(ib[0-9]{3})\b`),
	Source:      srcGoDaddy,
	Rules: []ProviderRule{
		{Reason: SecurityError, Code: "IB401", Source: srcGoDaddy},   // authentication not allowed on inbound servers
		{Reason: NotCompliantRFC, Code: "IB501", Source: srcGoDaddy}, // blank From: address
		{Reason: NotCompliantRFC, Code: "IB502", Source: srcGoDaddy}, // an IP address as the From: address
		{Reason: Rejected, Code: "IB506", Source: srcGoDaddy},        // From: domain is invalid
		{Reason: AuthFailure, Code: "IB508", Source: srcGoDaddy},     // invalid SPF record
		{Reason: RequirePTR, Code: "IB108", Source: srcGoDaddy},      // reverse DNS for the IP failed
		{Reason: SpamDetected, Code: "IB212", Source: srcGoDaddy},    // content judged to be spam
		{Reason: VirusDetected, Code: "IB705", Source: srcGoDaddy},   // virus infected message
		{Reason: RateLimited, Code: "IB605", Source: srcGoDaddy},     // too many recipients
		{Reason: RateLimited, Code: "IB007", Source: srcGoDaddy},     // too many sessions from this IP
		{Reason: RateLimited, Code: "IB101", Source: srcGoDaddy},     // server temporarily unavailable
		{Reason: Blocked, Code: "IB110", Source: srcGoDaddy},         // IP blocked for an hour for spam
		{Reason: Blocked, Code: "IB111", Source: srcGoDaddy},         // IP blocked for the day for spam
		{Reason: Blocked, Code: "IB112", Source: srcGoDaddy},         // IP blocked for an hour, invalid recipients
		{Reason: Blocked, Code: "IB113", Source: srcGoDaddy},         // IP blocked for the day, invalid recipients
		{Reason: RateLimited, Code: "IB504", Source: srcGoDaddy},     // too many messages this hour
		{Reason: RateLimited, Code: "IB510", Source: srcGoDaddy},     // too many messages per session
		{Reason: RateLimited, Code: "IB607", Source: srcGoDaddy},     // too many recipients this hour
		{Reason: BadReputation, Code: "IB103", Source: srcGoDaddy},   // poor reputation on Cloudmark CSI
		{Reason: Blocked, Code: "IB104", Source: srcGoDaddy},         // Spamhaus SBL
		{Reason: Blocked, Code: "IB105", Source: srcGoDaddy},         // Spamhaus XBL
		{Reason: Blocked, Code: "IB106", Source: srcGoDaddy},         // Spamhaus PBL
		{Reason: Blocked, Text: "rbl reject", Source: srcGoDaddy},
		{Reason: Blocked, Text: "www.spamhaus.org/query/bl?ip=", Source: srcGoDaddy},
		{Reason: Expired, Text: "has been in the queue too long", Source: srcGoDaddy},
		{Reason: Expired, Text: "delivery timeout", Source: srcGoDaddy},
		{Reason: MailboxFull, Text: "account storage limit", Source: srcGoDaddy},
		{Reason: SpamDetected, Text: "message rejected for spam or virus content", Source: srcGoDaddy},
		{Reason: Suspend, Text: "account disabled", Source: srcGoDaddy},
		{Reason: SystemError, Text: "message is looping", Source: srcGoDaddy},
		{Reason: UserUnknown, Text: "recipient not found", Source: srcGoDaddy},
		{Reason: UserUnknown, Text: "account does not exist", Source: srcGoDaddy},
	},
}

// Rackspace is Rackspace Email (emailsrvr.com).
var Rackspace = &Provider{
	Name:    "rackspace",
	Domains: []string{"emailsrvr.com"},
	Source:  srcRackspace,
	Rules: []ProviderRule{
		{Reason: RequirePTR, Text: "has no ptr record", Source: srcRackspaceG},                                          // G1F
		{Reason: RateLimited, Text: "mailbox received too much email in a short period of time", Source: srcRackspaceG}, // G30
		{Reason: RateLimited, Text: "received too many messages from a new or untrusted ip", Source: srcRackspaceG},     // G28
		{Reason: RateLimited, Text: "too many concurrent connections from this client", Source: srcRackspaceG},          // G2
		{Reason: NetworkError, Text: "temporary dmarc dns lookup failure", Source: srcRackspaceG},                       // G1E
		{Reason: NetworkError, Text: "routing loop detected", Source: srcRackspaceG},                                    // G16
		{Reason: SystemError, Text: "temporarily unavailable to accept your message", Source: srcRackspaceG},            // G6: recipient check failed
		{Reason: Blocked, Text: "too much spam from your mail server", Source: srcRackspace},                            // 451 4.3.0 client host throttled
		{Reason: Blocked, Text: "acl dns_rbl", Source: srcRackspaceRB},                                                  // sending IP on a blocklist
		{Reason: Rejected, Text: "sender address rejected: domain not found", Source: srcRackspace},                     // 450 4.1.8
		{Reason: Rejected, Text: "sender's mx record not allowed", Source: srcRackspacePM},                              // G14: the sender domain's MX hosts are a blocklisted provider's
		{Reason: AuthFailure, Text: "sender is not allowed to send from", Source: srcRackspacePM},                       // 550 5.1.0: not authenticated and aligned with SPF and DKIM
		{Reason: VirusDetected, Text: "header_contenttype_1", Source: srcRackspacePM},                                   // G18: a known virus signature
		{Reason: PolicyViolation, Text: "mime_banned_file", Source: srcRackspacePM},                                     // G1A-G1D: banned attachment types
	},
}

// Apple is Apple iCloud Mail (icloud.com, me.com, mac.com). Apple's
// postmaster page prints no reply texts; the rows are the replies Sisimai
// and a reply catalogue quote from iCloud's MX hosts.
var Apple = &Provider{
	Name:    "apple",
	Domains: []string{"icloud.com", "me.com", "mac.com", "apple.com"},
	Source:  srcApple,
	Rules: []ProviderRule{
		{Reason: AuthFailure, Text: "your message was rejected due to * dmarc policy", Source: srcAppleCodes}, // 550/554 5.7.1
		{Reason: AuthFailure, Text: "blocked for failing both spf and dkim", Source: srcAppleSisimai},         // 554 5.7.1 [HME1]
		{Reason: Blocked, Text: "rejected due to having a domain present in the spamhaus", Source: srcAppleCodes},
		{Reason: Blocked, Text: "rejected due to listing in spamhaus", Source: srcAppleSisimai},
		{Reason: Blocked, Text: "blocked - see https://support.proofpoint.com/dnsbl-lookup", Source: srcAppleSisimai},
		{Reason: Blocked, Text: "not accepting connections", Source: srcAppleSisimai},
		{Reason: HasMoved, Text: "recipient no longer on server", Source: srcAppleSisimai}, // 550 5.1.6
		{Reason: MailboxFull, Text: "user is over quota", Source: srcAppleSisimai},         // 552 5.2.2
		{Reason: NoRelaying, Text: "relay access denied", Source: srcAppleSisimai},
		{Reason: NotAccept, Text: "host/domain does not accept mail", Source: srcAppleSisimai},
		{Reason: PolicyViolation, Text: "due to local policy", Source: srcAppleCodes}, // 550 5.7.1 [CS01], [CS02], [HM08]
		{Reason: Rejected, Text: "sender address rejected", Source: srcAppleSisimai},
		{Reason: RateLimited, Text: "due to excessive volume", Source: srcAppleCodes}, // 421 4.7.1
		// 451 4.7.1: the catalogue explains it as iCloud not accepting
		// messages right now, at peak hours ("top of the hour"): the
		// receiver is busy, as Yahoo's "resources temporarily unavailable".
		{Reason: SystemError, Status: "4.7.1", Text: "service unavailable - try again later", Source: srcAppleCodes},
		{Reason: UserUnknown, Text: "inactive email address", Source: srcAppleSisimai},
		{Reason: UserUnknown, Text: "user does not exist", Source: srcAppleCodes}, // 550 5.1.1
		{Reason: UserUnknown, Text: "unknown or illegal alias", Source: srcAppleSisimai},
	},
}

// Facebook is Facebook's (Meta's) mail servers, whose replies carry a
// response code such as "RCP-P2".
var Facebook = &Provider{
	Name:        "facebook",
	Domains:     []string{"facebook.com", "facebookmail.com"},
	CodePattern: regexp.MustCompile(`\b((?:rcp|pol|msg|dns|con|int)-[pt][0-9])\b`),
	Source:      srcFacebook,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Code: "RCP-P1", Source: srcFacebook},     // recipient address does not exist
		{Reason: Filtered, Code: "RCP-P2", Source: srcFacebook},        // recipient's preferences
		{Reason: Filtered, Code: "RCP-P3", Source: srcFacebook},        // recipient's privacy settings
		{Reason: SystemError, Code: "RCP-T1", Source: srcFacebook},     // internal system issue
		{Reason: Suspend, Code: "RCP-T4", Source: srcFacebook},         // recipient address deactivated
		{Reason: UserUnknown, Code: "INT-P1", Source: srcFacebook},     // address does not exist
		{Reason: EmailTooLarge, Code: "INT-P2", Source: srcFacebook},   // exceeds the maximum size
		{Reason: UserUnknown, Code: "INT-P3", Source: srcFacebook},     // group address does not exist
		{Reason: UserUnknown, Code: "INT-P4", Source: srcFacebook},     // address does not exist
		{Reason: EmailTooLarge, Code: "MSG-P1", Source: srcFacebook},   // exceeds the maximum size
		{Reason: ContentError, Code: "MSG-P2", Source: srcFacebook},    // attachment type not accepted
		{Reason: NotCompliantRFC, Code: "MSG-P3", Source: srcFacebook}, // a header field more than once
		{Reason: RateLimited, Code: "MSG-T1", Source: srcFacebook},     // too many recipients
		{Reason: Blocked, Code: "POL-P1", Source: srcFacebook},         // Spamhaus PBL
		{Reason: Blocked, Code: "POL-P2", Source: srcFacebook},         // IP no longer accepted
		{Reason: Blocked, Code: "POL-P3", Source: srcFacebook},         // not accepted for 4 to 8 hours
		{Reason: Blocked, Code: "POL-P4", Source: srcFacebook},         // not accepted for 24 to 48 hours
		{Reason: VirusDetected, Code: "POL-P5", Source: srcFacebook},   // the message contains a virus
		{Reason: SpamDetected, Code: "POL-P6", Source: srcFacebook},    // a blocked URL
		{Reason: AuthFailure, Code: "POL-P7", Source: srcFacebook},     // domain authentication requirements
		{Reason: Blocked, Code: "POL-T1", Source: srcFacebook},         // retry in 1 to 2 hours
		{Reason: Blocked, Code: "POL-T2", Source: srcFacebook},         // retry in 4 to 8 hours
		{Reason: Blocked, Code: "POL-T3", Source: srcFacebook},         // retry in 24 to 48 hours
		{Reason: Rejected, Code: "DNS-P1", Source: srcFacebook},        // MAIL FROM domain does not exist
		{Reason: Rejected, Code: "DNS-P2", Source: srcFacebook},        // MAIL FROM domain has no MX
		{Reason: RequirePTR, Code: "DNS-P3", Source: srcFacebook},      // no reverse DNS record
		{Reason: Rejected, Code: "DNS-T1", Source: srcFacebook},        // MAIL FROM domain does not resolve now
		{Reason: RequirePTR, Code: "DNS-T2", Source: srcFacebook},      // reverse DNS does not resolve now
		{Reason: RateLimited, Code: "CON-T1", Source: srcFacebook},     // too many connections
		{Reason: RateLimited, Code: "CON-T2", Source: srcFacebook},
		{Reason: RateLimited, Code: "CON-T3", Source: srcFacebook},
		{Reason: RateLimited, Code: "CON-T4", Source: srcFacebook},
	},
}

// Fastmail is Fastmail (fastmail.com, messagingengine.com).
var Fastmail = &Provider{
	Name:    "fastmail",
	Domains: []string{"fastmail.com", "fastmail.fm", "messagingengine.com"},
	Source:  srcFastmail,
	Rules: []ProviderRule{
		{Reason: Suspend, Text: "account locked for abuse or overuse", Source: srcFastmailLck},
		{Reason: MailboxFull, Text: "user is over quota", Source: srcFastmailQta},
		{Reason: SecurityError, Text: "not authorised to send from this header address", Source: srcFastmail}, // 551 5.7.1
		{Reason: SecurityError, Text: "error: authentication failed", Source: srcFastmail},                    // 535 5.7.8
		{Reason: UserUnknown, Text: "user unknown in virtual mailbox table", Source: srcFastmail},
		{Reason: UserUnknown, Text: "sorry, user address unknown", Source: srcFastmail},
		{Reason: UserUnknown, Text: "user unknown in local recipient table", Source: srcFastmailUnd},
		{Reason: NoRelaying, Text: "relay access denied", Source: srcFastmailUnd},
		{Reason: Blocked, Text: "blocked using", Source: srcFastmailOld},         // e.g. xbl.spamhaus.org
		{Reason: SpamDetected, Text: "content rejected", Source: srcFastmailOld}, // probable virus or reported spam
		{Reason: Blocked, Text: "access denied", Source: srcFastmailOld},         // sender or recipient blocked
	},
}

// MXroute is MXroute's mail hosting (mxrouting.net hosts). Its
// "Authentication Required" is its answer to mail for a domain it does
// not host, not a demand for SMTP AUTH.
var MXroute = &Provider{
	Name:    "mxroute",
	Domains: []string{"mxrouting.net", "mxroute.com", "mxlogin.com"},
	Source:  srcMXroute,
	Rules: []ProviderRule{
		{Reason: NoRelaying, Text: "authentication required", Source: srcMXrouteAuth},
		{Reason: NoRelaying, Text: "relay not permitted", Source: srcMXrouteCodes},
		{Reason: UserUnknown, Text: "no such recipient here", Source: srcMXroute},
		{Reason: Rejected, Text: "sender verify failed", Source: srcMXrouteSender},
		{Reason: Blocked, Text: "unauthenticated mail not allowed from this range", Source: srcMXrouteCodes},
	},
}

// ProtonMail is Proton Mail (proton.me, protonmail.com).
var ProtonMail = &Provider{
	Name:    "protonmail",
	Domains: []string{"protonmail.com", "protonmail.ch", "proton.me", "pm.me"},
	Source:  srcProton,
	Rules: []ProviderRule{
		{Reason: SpamDetected, Text: "rejected by rspamd filter", Source: srcProton},
	},
}

// Zoho is Zoho Mail, and ZeptoMail, Zoho's transactional sending service,
// whose SMTP relay (smtp.zeptomail.com, .eu, .in) answers with the same
// platform's words ("552 5.7.1 virus ... detected by Zoho Mail", srcZepto).
var Zoho = &Provider{
	Name:    "zoho",
	Domains: []string{"zoho.com", "zohomail.com", "zoho.eu", "zoho.in", "zohomail.eu", "zeptomail.com", "zeptomail.eu", "zeptomail.in"},
	Source:  srcZoho,
	Rules: []ProviderRule{
		{Reason: AuthFailure, Text: "email rejected per dmarc policy", Source: srcZoho},
		{Reason: Blocked, Text: "greylisted, try again after some time", Source: srcZoho},
		// Sisimai's Zoho table files this reply under rejected; the words
		// and Zoho's page on it ("Reasons an email is marked as Spam") name
		// its spam filter's verdict, which is spamdetected.
		{Reason: SpamDetected, Text: "email cannot be delivered. reason: email flagged as spam", Source: srcZoho},
		// 541 5.4.1, 452: a third party's page explains both as filters of
		// the recipient's domain; Zoho documents neither. The words name
		// the destination domain's refusal and a policy, and Sisimai's
		// Zoho table files them under rejected and policyviolation.
		{Reason: Rejected, Text: "mail rejected by destination domain", Source: srcZohoSisimai + "; " + srcZohoCodes},
		{Reason: PolicyViolation, Text: "email policy violation detected", Source: srcZoho},
		{Reason: PolicyViolation, Text: "mailbox delivery restricted by policy error", Source: srcZohoSisimai + "; " + srcZohoCodes},
		{Reason: SystemError, Text: "temporary system error", Source: srcZoho},
		{Reason: UserUnknown, Text: "user does not exist", Source: srcZoho},
		{Reason: VirusDetected, Text: "detected by zoho mail", Source: srcZoho + "; " + srcZepto},
	},
}

// MessageLabs is Symantec (Broadcom) Email Security.cloud, formerly
// MessageLabs.
var MessageLabs = &Provider{
	Name:    "messagelabs",
	Domains: []string{"messagelabs.com", "symanteccloud.com"},
	Source:  srcMessageLabs,
	Rules: []ProviderRule{
		{Reason: SecurityError, Text: "please turn on smtp authentication in your mail client", Source: srcMessageLabs},
		{Reason: AuthFailure, Text: "domain authentication fail", Source: srcMessageLabs},
		{Reason: BadReputation, Text: "connection rejected by policy", Source: srcMessageLabs},
		{Reason: Blocked, Text: "mail rejected because your ip is in the pbl", Source: srcMessageLabs},
		{Reason: Blocked, Text: "your ip address has been blocked", Source: srcMessageLabs},
		{Reason: Blocked, Text: "your ip address has been blacklisted", Source: srcMessageLabs},
		{Reason: ContentError, Text: "stray linefeeds in message", Source: srcMessageLabs},
		{Reason: FailedSTARTTLS, Text: "tls/sslv3 connection required", Source: srcMessageLabs},
		{Reason: NoRelaying, Text: "as a relay", Source: srcMessageLabs},
		{Reason: NotCompliantRFC, Text: "has detected that this message is not rfc 5322", Source: srcMessageLabs},
		{Reason: Rejected, Text: "sender envelope domain not allowed for sender ip address", Source: srcMessageLabs},
		{Reason: Rejected, Text: "your domain has been blocked", Source: srcMessageLabs},
		{Reason: Blocked, Text: "your email address * has been blocked", Source: srcMessageLabsKB},                // the address in brackets: an open relay or a listed IP
		{Reason: Blocked, Text: "your ip address * has been blocked", Source: srcMessageLabsKB},                   // the IP in brackets
		{Reason: NotCompliantRFC, Text: "requested action aborted [4]", OwnReply: true, Source: srcMessageLabsKB}, // the message did not comply with RFC 2822
		{Reason: Rejected, Text: "your email address has been blocked", Source: srcMessageLabs},
		{Reason: Rejected, Text: "your envelope sender is in my badmailfrom list", Source: srcMessageLabs},
		{Reason: Rejected, Text: "your email address has been blacklisted", Source: srcMessageLabs},
		{Reason: Rejected, Text: "your domain has been blacklisted", Source: srcMessageLabs},
		{Reason: SpamDetected, Text: "message filtered", Source: srcMessageLabs},
		{Reason: SpamDetected, Text: "filtered by outbound scanning", Source: srcMessageLabs},
		{Reason: RateLimited, Text: "too many recipients received this hour", Source: srcMessageLabs},
		{Reason: RateLimited, Text: "too many messages", Source: srcMessageLabs},
		{Reason: UserUnknown, Text: "no such user", Source: srcMessageLabs},
		{Reason: UserUnknown, Text: "invalid recipient", Source: srcMessageLabs},
		{Reason: UserUnknown, Text: "recipient mailbox is not allowed", Source: srcMessageLabs},
	},
}
