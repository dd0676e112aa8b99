package classify

import "regexp"

// Sources of the tables of Asian providers.
const (
	srcKDDI    = "https://www.au.com/support/service/mobile/trouble/mail/email/ (au reception filters; Sisimai::Rhost::KDDI)"
	srcDocomo  = "https://www.docomo.ne.jp/info/spam_mail/ (docomo reception settings; Sisimai::Rhost::NTTDOCOMO)"
	srcTencent = "https://service.mail.qq.com/detail/122"
	srcQQCodes = "https://smtp.codes/qq (QQ replies with QQ's explanations: 550 Mailbox unavailable or access denied, the recipient is receiving a large number of emails in a short period)"

	// Naver publishes no code list; its MX replies end in "- nsmtp" and
	// point to help.naver.com/alias/mail/newmail10.naver.
	srcNaver       = "https://github.com/your-digital-rights/yourdigitalrights.org/issues/736 (Naver MX reply: 550 5.1.1 No such user ... - nsmtp)"
	srcNaverAuth   = "https://github.com/newkennybaik/portfolio/blob/104221d72fbb6b7708152a7cbab813f309d6339f/knowledge_base/퀄리티아_메일_안티스팸_솔루션/250408_[mail]basic_concept_mail_sending_process.md (SMTP log: mx2.naver.com answers 550 5.7.2 ... sender is unauthenticated)"
	srcNaverRealIP = "https://puffinknight.tistory.com/102 (Korean bounce list: 421 4.3.2 Your IP is filtered ... register your IP to http://realip.naver.com)"
	srcNaverSize   = "https://foxydog.tistory.com/69 (Korean bounce list: 552 5.3.4 Error: message file too big, marked as Naver's)"
	srcNetEase     = "https://biecuoliao.com/pa/MBRrwEM.html (copy of NetEase's published bounce code list, 退信代码说明)"
	srcNetEaseHL   = "http://163ns.com.cn/mail/MailFAQ.htm (NetEase enterprise mail reseller's code table: 554 HL:IHU, HL:IPB, HL:ICC, HL:IFQ)"
	srcNetEaseSPF  = "https://www.youqiyi.net/article278/detail266.html (550 MI:SPF bounce from 163mx01.mxmail.netease.com)"
	srcNetEaseUser = "https://www.dbmailserver.com/tui-xin-address-not-exist.htm (bounce examples: 550 User not found: ...@163.com)"
	srcSina        = "http://jinmi8.com/doc/15123/20712 (copy of Sina's 新浪新反垃圾系统说明: HELO and reverse-DNS error codes)"

	// Sisimai's NTTDOCOMO table, read before and after docomo's change.
	srcDocomoBefore  = "sisimai/go-sisimai:rhost/for-nttdocomo.go@02714b7712e97580097338c68384eea22c9f158f (Status 5.0.0, '550 Unknown user' in reply to DATA: rejected, a reception filter's refusal; the comment of go-sisimai issue #64 dates the change to March 12, 2025)"
	srcDocomoSisimai = "sisimai/go-sisimai:rhost/for-nttdocomo.go@02714b7712e97580097338c68384eea22c9f158f (after March 12, 2025 '550 Unknown user' is userunknown: docomo no longer refuses by SMTP for its reception filters; go-sisimai issue #64)"
	srcSoftBank      = "https://note.com/sendmagic/n/n5afbf98aeb25 (SoftBank's replies: '550 Invalid recipient: <ADDR>' for an address that does not exist; '553 DOMAIN does not exist' when the envelope sender's domain has no DNS record, whatever the recipient)"
	srcDaum          = "https://oliveit.tistory.com/39 (Korean list of return mails in Daum's reply form 'CODE IP: text': 550 5.1.1 RUSR ... No such user; 421 4.4.5 CCRT ... Connection refused. Server is busy(RT), explained as the spam centre blocking a spam IP for a while)"
	srcDaumRACT      = "https://github.com/reacherhq/check-if-email-exists/issues/1216 (mx1.hanmail.net: 550 5.2.1 RACT 103.157.21.21: Mailbox is inactive: <ADDR>)"
	src263           = "http://www.263gmail.js.cn/help/13/2.htm (263 enterprise mail: why mail to 263 is returned: 'user not exist (in reply to RCPT TO command)' for a wrong address; 信箱超容 'mail size limit exceeded (in reply to end of DATA command)' for a mailbox over its capacity)"
	srcSohu          = "https://www.tengxunqiyeyou.com/forum/forum.php?extra=page%3D2&mod=viewthread&tid=993 (Tencent Exmail reseller's bounce guide: '<...@sohu.com>: host ... said: 550 Recipient reject', the recipient's own filter rules refusing the message)"
)

// KDDI is KDDI's au mobile mail (ezweb.ne.jp, au.com). au answers a
// recipient refused by the recipient's own reception filter with an empty
// address ("550 : User unknown"), an unknown one with the address.
var KDDI = &Provider{
	Name:    "kddi",
	Domains: []string{"ezweb.ne.jp", "au.com", "kddi.com"},
	Source:  srcKDDI,
	Rules: []ProviderRule{
		{Reason: Filtered, Text: "550 : user unknown", Source: srcKDDI},
		{Reason: UserUnknown, Text: ">: user unknown", Source: srcKDDI},
	},
}

// NTTDocomo is NTT docomo's mobile mail (docomo.ne.jp). docomo answered
// "550 Unknown user" both for a missing mailbox and for a recipient's
// reception filter, the filter's refusal after DATA (Sisimai's table
// before 2025: rejected); since March 12, 2025 it no longer refuses by
// SMTP for a reception filter, so the reply is a missing mailbox whatever
// command it answers (Sisimai's current table and its issue #64). The
// refusal after DATA is therefore read by its date. A sendmail report's
// Status 5.2.0 still marks the filter.
var NTTDocomo = &Provider{
	Name:    "nttdocomo",
	Domains: []string{"docomo.ne.jp"},
	Source:  srcDocomo,
	Rules: []ProviderRule{
		{Reason: MailboxFull, Text: "552 too much mail data", Source: srcDocomo},
		{Reason: RateLimited, Text: "552 too many recipients", Source: srcDocomo},
		{Reason: SyntaxError, Text: "503 bad sequence of commands", Source: srcDocomo},
		{Reason: SyntaxError, Text: "504 command parameter not implemented", Source: srcDocomo},
		{Reason: Filtered, Status: "5.2.0", Text: "unknown user", Source: srcDocomo},
		{Reason: Rejected, Command: "DATA", Text: "550 unknown user", Before: "2025-03-12", Source: srcDocomoBefore},
		{Reason: UserUnknown, Text: "550 unknown user", Source: srcDocomoSisimai},
	},
}

// Tencent is Tencent's QQ Mail and Tencent Exmail.
var Tencent = &Provider{
	Name:    "tencent",
	Domains: []string{"qq.com", "foxmail.com", "exmail.qq.com"},
	Source:  srcTencent,
	Rules: []ProviderRule{
		{Reason: AuthFailure, Text: "spf check failed", Source: srcTencent + "/72"},
		{Reason: AuthFailure, Text: "dmarc check failed", Source: srcTencent},
		{Reason: Blocked, Text: "suspected bounce attacks", Source: srcTencent + "/57"},
		{Reason: Blocked, Text: "suspected spam ip", Source: srcTencent + "/66"},
		{Reason: Blocked, Text: "connection denied", Source: srcTencent + "/170"},
		{Reason: EmailTooLarge, Text: "message too large", Source: srcTencent + "/168"},
		{Reason: SpamDetected, Text: "spam is embedded in the email", Source: srcTencent + "/59"},
		{Reason: SpamDetected, Text: "mail content denied", Source: srcTencent + "/171"},
		// The recipient's own block list or filter refused the sender.
		{Reason: Filtered, Text: "mail is rejected by recipients", Source: srcTencent + "/92"},
		{Reason: Rejected, Text: "suspected spam", Source: srcTencent + "/71"},
		{Reason: RateLimited, Text: "frequency of receiving messages is limited", Source: srcTencent + "/1011"},
		{Reason: RateLimited, Text: "ip frequency limited", Source: srcTencent + "/172"},
		{Reason: RateLimited, Text: "domain frequency limited", Source: srcTencent + "/173"},
		{Reason: RateLimited, Text: "sender frequency limited", Source: srcTencent + "/174"},
		{Reason: RateLimited, Text: "connection frequency limited", Source: srcTencent + "/175"},
		{Reason: Suspend, Text: "is a deactivated mailbox", Source: srcTencent},
		// QQ's explanation: the recipient received many messages in a short
		// time, and sending to it is suspended for a while.
		{Reason: RateLimited, Text: "mailbox unavailable or access denied", Source: srcQQCodes},
		{Reason: SyntaxError, Text: "bad address syntax", Source: srcTencent + "/167"},
		{Reason: UserUnknown, Text: "mailbox not found", Source: srcTencent + "/169"},
	},
}

// Naver is Naver Mail (naver.com). Its MX hosts (mx1.naver.com, ...)
// end every reply with a session id and "- nsmtp"; it publishes no code
// list, so the rows are the replies seen in public bounce logs.
var Naver = &Provider{
	Name:    "naver",
	Domains: []string{"naver.com"},
	Source:  srcNaver,
	Rules: []ProviderRule{
		{Reason: AuthFailure, Text: "sender is unauthenticated", Source: srcNaverAuth}, // 550 5.7.2, no SPF/DKIM pass
		{Reason: Blocked, Text: "realip.naver.com", Source: srcNaverRealIP},            // 421 4.3.2, IP filtered until registered
		{Reason: EmailTooLarge, Text: "message file too big", Source: srcNaverSize},    // 552 5.3.4
		{Reason: UserUnknown, Text: "no such user", Source: srcNaver},                  // 550 5.1.1
	},
}

// NetEase is NetEase mail (163.com, 126.com, yeah.net, 188.com and the
// enterprise mail on qiye.163.com). Its replies carry a code such as
// "DT:SPM" or "HL:IHU"; the table follows NetEase's published list.
var NetEase = &Provider{
	Name:        "netease",
	Domains:     []string{"163.com", "126.com", "yeah.net", "netease.com", "188.com", "vip.163.com"},
	CodePattern: regexp.MustCompile(`\b([a-z]{2}:[a-z]{3})\b`),
	Source:      srcNetEase,
	Rules: []ProviderRule{
		// Content (451/550/554 DT:SPM) and envelope checks.
		{Reason: SpamDetected, Code: "DT:SPM", Source: srcNetEase},    // content judged to be spam
		{Reason: PolicyViolation, Code: "DT:SUM", Source: srcNetEase}, // envelope sender and From: differ
		// The sending IP (HL: host level, WM: allow lists).
		{Reason: Blocked, Code: "DT:RBL", Source: srcNetEase},       // sending IP on an RBL
		{Reason: Blocked, Code: "HL:IHU", Source: srcNetEaseHL},     // IP suspended for spam or abnormal connections
		{Reason: Blocked, Code: "HL:IPB", Source: srcNetEaseHL},     // IP not on the allowed list
		{Reason: Blocked, Code: "WM:BLI", Source: srcNetEase},       // IP not on the allowed list
		{Reason: Blocked, Code: "HL:MEP", Source: srcNetEase},       // IP forges many sender domains
		{Reason: Blocked, Code: "HL:REP", Source: srcNetEase},       // IP sends to many unknown recipients: connections refused for a while
		{Reason: RateLimited, Code: "HL:ICC", Source: srcNetEase},   // too many concurrent connections from the IP
		{Reason: RateLimited, Code: "HL:IFC", Source: srcNetEase},   // too many messages from the IP
		{Reason: RateLimited, Code: "HL:IFQ", Source: srcNetEaseHL}, // too many messages from the IP
		// The session and the sender (MI: mail, RP: recipients).
		{Reason: Blocked, Code: "MI:NHD", Source: srcNetEase},        // empty HELO
		{Reason: AuthFailure, Code: "MI:SPF", Source: srcNetEaseSPF}, // SPF does not allow the IP
		{Reason: AuthFailure, Code: "MI:DMA", Source: srcNetEase},    // DMARC does not allow the message
		{Reason: Rejected, Code: "MI:IMF", Source: srcNetEase},       // malformed sender address
		{Reason: Rejected, Code: "MI:SPB", Source: srcNetEase},       // sender not on the allowed list
		{Reason: Rejected, Code: "WM:BLU", Source: srcNetEase},       // sender not on the allowed list
		{Reason: NoRelaying, Code: "RP:FRL", Source: srcNetEase},     // no open relay
		{Reason: SyntaxError, Code: "MI:CEL", Source: srcNetEase},    // too many erroneous commands
		{Reason: SyntaxError, Code: "RP:CEL", Source: srcNetEase},    // too many erroneous commands
		{Reason: RateLimited, Code: "MI:CCL", Source: srcNetEase},    // more commands than normal
		{Reason: RateLimited, Code: "RP:CCL", Source: srcNetEase},    // more commands than normal
		{Reason: RateLimited, Code: "MI:DMC", Source: srcNetEase},    // too many messages in one connection
		{Reason: RateLimited, Code: "RP:DRC", Source: srcNetEase},    // too many recipients in one connection
		{Reason: RateLimited, Code: "MI:SFQ", Source: srcNetEase},    // sender's 15-minute quota reached
		{Reason: RateLimited, Code: "MI:STC", Source: srcNetEase},    // sender's daily connections or messages reached
		{Reason: RateLimited, Code: "RP:RCL", Source: srcNetEase},    // too many recipients in one message
		{Reason: RateLimited, Code: "RP:QRC", Source: srcNetEase},    // sender's short-term recipients quota reached
		{Reason: RateLimited, Code: "RP:TRC", Source: srcNetEase},    // sender's daily recipients quota reached
		// Replies without a code.
		{Reason: Suspend, Text: "user suspended", Source: srcNetEase},                // mailbox disabled or frozen
		{Reason: Rejected, Text: "user in blacklist", Source: srcNetEase},            // sender may not mail NetEase users
		{Reason: Blocked, Text: "ip in blacklist", Source: srcNetEase},               // IP not allowed
		{Reason: Rejected, Text: "null sender is not allowed", Source: srcNetEase},   // 553, empty MAIL FROM
		{Reason: Rejected, Text: "no smtp mx only", Source: srcNetEase},              // 553, MX refuses a local sender
		{Reason: RateLimited, Text: "too much recipient", Source: srcNetEase},        // 550, too many recipients
		{Reason: EmailTooLarge, Text: "exceeded mailsize limit", Source: srcNetEase}, // 552
		{Reason: PolicyViolation, Text: "illegal attachment", Source: srcNetEase},    // 552, attachment type refused
		{Reason: UserUnknown, Text: "invalid user", Source: srcNetEase},              // 550
		{Reason: UserUnknown, Text: "user not found", Source: srcNetEaseUser},        // 550 User not found: <address>
	},
}

// Sina is Sina Mail (sina.com, sina.cn). Sina's anti-spam notice lists the
// replies of its MX hosts (freemx*.sinamail.sina.com.cn) to a client
// without reverse DNS or with a bad HELO name.
var Sina = &Provider{
	Name:    "sina",
	Domains: []string{"sina.com", "sina.cn", "sina.com.cn", "vip.sina.com"},
	Source:  srcSina,
	Rules: []ProviderRule{
		{Reason: RequirePTR, Text: "client host rejected: cannot find your hostname", Source: srcSina},   // 450 4.7.1
		{Reason: Blocked, Text: "helo command rejected: host not found", Source: srcSina},                // 450 4.7.1
		{Reason: Blocked, Text: "helo command rejected: need fully-qualified hostname", Source: srcSina}, // 504 5.5.2
		{Reason: Blocked, Text: "helo command rejected: invalid name", Source: srcSina},                  // 501 5.5.2
	},
}

// SoftBank is SoftBank's mobile mail (softbank.ne.jp, i.softbank.jp). A
// recipient's reception filter gets no SMTP refusal (the message is
// accepted and dropped); the refusals are a missing address and a sender
// domain with no DNS record at all.
var SoftBank = &Provider{
	Name:    "softbank",
	Domains: []string{"softbank.ne.jp", "i.softbank.jp"},
	Source:  srcSoftBank,
	Rules: []ProviderRule{
		{Reason: Rejected, ReplyCode: 553, Text: "does not exist", Source: srcSoftBank}, // the sender's domain
		{Reason: UserUnknown, Text: "invalid recipient", Source: srcSoftBank},
	},
}

// Daum is Daum/Kakao mail (hanmail.net, daum.net). Its MX hosts put a
// four-letter code and the client's IP after the status: "550 5.1.1 RUSR
// 192.0.2.1: No such user: <ADDR>".
var Daum = &Provider{
	Name:        "daum",
	Domains:     []string{"hanmail.net", "daum.net"},
	CodePattern: regexp.MustCompile(`\b[245]\.\d{1,3}\.\d{1,3} ([a-z]{4}) `),
	Source:      srcDaum,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Code: "RUSR", Source: srcDaum}, // No such user
		{Reason: Suspend, Code: "RACT", Source: srcDaumRACT}, // Mailbox is inactive (5.2.1)
		{Reason: Blocked, Code: "CCRT", Source: srcDaum},     // the spam centre blocks the IP for a while
		// 421 4.4.1 CHIC: "Network is busy", the incoming server cannot
		// answer for now; not the queue running out.
		{Reason: NetworkError, Code: "CHIC", Source: srcDaum},
	},
}

// Net263 is 263's mail (263.net, the MX of 263 enterprise mail). Its page
// gives "mail size limit exceeded" as the mailbox over its capacity, not
// a message over a size limit.
var Net263 = &Provider{
	Name:    "263",
	Domains: []string{"263.net"},
	Source:  src263,
	Rules: []ProviderRule{
		{Reason: MailboxFull, Text: "mail size limit exceeded", Source: src263},
		{Reason: UserUnknown, Text: "user not exist", Source: src263},
	},
}

// Sohu is Sohu mail (sohu.com). "Recipient reject" is the recipient's own
// filter rules refusing the message.
var Sohu = &Provider{
	Name:    "sohu",
	Domains: []string{"sohu.com"},
	Source:  srcSohu,
	Rules: []ProviderRule{
		{Reason: Filtered, Text: "550 recipient reject", Source: srcSohu},
	},
}
