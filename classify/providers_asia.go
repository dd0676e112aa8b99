package classify

import "regexp"

// Sources of the tables of Asian providers.
const (
	srcKDDI    = "https://www.au.com/support/service/mobile/trouble/mail/email/ (au reception filters; Sisimai::Rhost::KDDI)"
	srcDocomo  = "https://www.docomo.ne.jp/info/spam_mail/ (docomo reception settings; Sisimai::Rhost::NTTDOCOMO)"
	srcTencent = "https://service.mail.qq.com/detail/122"
	srcNaver   = "https://help.naver.com/service/5632/ (Naver Mail non-delivery)"
	srcNetEase = "https://help.mail.163.com/faqDetail.do?code=d7a5dc8471cd0c0e8b4b8f4f8e49998b374173cfe9171305fa1ce630d7f67ac2 (NetEase bounce codes)"
	srcSina    = "https://help.sina.com.cn/ (Sina Mail)"
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

// NTTDocomo is NTT docomo's mobile mail (docomo.ne.jp). docomo answers
// "550 Unknown user" both for a missing mailbox and for a recipient's
// reception filter; the status and the command tell them apart.
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
		{Reason: Rejected, Command: "DATA", Text: "550 unknown user", Source: srcDocomo},
		{Reason: UserUnknown, Text: "550 unknown user", Source: srcDocomo},
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
		{Reason: Rejected, Text: "mail is rejected by recipients", Source: srcTencent + "/92"},
		{Reason: Rejected, Text: "suspected spam", Source: srcTencent + "/71"},
		{Reason: RateLimited, Text: "frequency of receiving messages is limited", Source: srcTencent + "/1011"},
		{Reason: RateLimited, Text: "ip frequency limited", Source: srcTencent + "/172"},
		{Reason: RateLimited, Text: "domain frequency limited", Source: srcTencent + "/173"},
		{Reason: RateLimited, Text: "sender frequency limited", Source: srcTencent + "/174"},
		{Reason: RateLimited, Text: "connection frequency limited", Source: srcTencent + "/175"},
		{Reason: Suspend, Text: "is a deactivated mailbox", Source: srcTencent},
		{Reason: SyntaxError, Text: "bad address syntax", Source: srcTencent + "/167"},
		{Reason: UserUnknown, Text: "mailbox not found", Source: srcTencent + "/169"},
	},
}

// Naver is Naver Mail (naver.com).
var Naver = &Provider{
	Name:    "naver",
	Domains: []string{"naver.com"},
	Source:  srcNaver,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Text: "user unknown", Source: srcNaver},
		{Reason: MailboxFull, Text: "mailbox is full", Source: srcNaver},
		{Reason: SpamDetected, Text: "spam", Source: srcNaver},
	},
}

// NetEase is NetEase mail (163.com, 126.com, yeah.net). Its replies carry
// a code such as "DT:SPM".
var NetEase = &Provider{
	Name:        "netease",
	Domains:     []string{"163.com", "126.com", "yeah.net", "netease.com", "188.com", "vip.163.com"},
	CodePattern: regexp.MustCompile(`\b([a-z]{2}:[a-z]{3})\b`),
	Source:      srcNetEase,
	Rules: []ProviderRule{
		{Reason: SpamDetected, Code: "DT:SPM", Source: srcNetEase}, // content judged to be spam
		{Reason: Blocked, Code: "DT:RBL", Source: srcNetEase},      // sending IP on a blocklist
		{Reason: Blocked, Code: "HL:IHU", Source: srcNetEase},      // sending IP suspended for spam
		{Reason: Blocked, Code: "HL:IPB", Source: srcNetEase},      // sending IP blocked
		{Reason: RateLimited, Code: "HL:ICC", Source: srcNetEase},  // too many connections from the IP
		{Reason: RateLimited, Code: "HL:IFC", Source: srcNetEase},  // too many messages from the IP
		{Reason: AuthFailure, Code: "MI:SPF", Source: srcNetEase},  // SPF check failed
		{Reason: RateLimited, Code: "MI:DMC", Source: srcNetEase},  // too many messages in one connection
		{Reason: RateLimited, Code: "MI:STC", Source: srcNetEase},  // too many messages from the sender
		{Reason: RateLimited, Code: "RP:RCL", Source: srcNetEase},  // too many recipients
		{Reason: RateLimited, Code: "RP:TRC", Source: srcNetEase},  // too many recipients from the sender
		{Reason: RateLimited, Code: "RP:QRC", Source: srcNetEase},  // sender's recipients quota reached
		{Reason: UserUnknown, Text: "user not found", Source: srcNetEase},
		{Reason: Suspend, Text: "user suspended", Source: srcNetEase},
		{Reason: EmailTooLarge, Text: "exceeded mailsize limit", Source: srcNetEase},
	},
}

// Sina is Sina Mail (sina.com, sina.cn).
var Sina = &Provider{
	Name:    "sina",
	Domains: []string{"sina.com", "sina.cn", "sina.com.cn", "vip.sina.com"},
	Source:  srcSina,
	Rules: []ProviderRule{
		{Reason: UserUnknown, Text: "user not found", Source: srcSina},
		{Reason: MailboxFull, Text: "mailbox is full", Source: srcSina},
	},
}
