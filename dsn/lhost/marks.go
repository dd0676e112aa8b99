package lhost

import "github.com/bounce-milter/bounce-milter/dsn"

// The marks of this package's decoders (dsn.Marker): for each, the header
// evidence without which its Decode reads nothing, so that the milter's
// pre-filter, which sees the header only, lets through every message a
// decoder may read. Each list is the decoder's Match written as data: its
// alternatives, and of the conditions every alternative needs, the most
// selective (a Subject rather than "a Received field naming Postfix",
// which every message relayed by Postfix has). TestMarksCoverDecodes
// checks them against every sample the tests hold.

// daemonFrom is the mark of a report whose From is a mail system's.
var daemonFrom = dsn.Mark{Field: "From", Test: dsn.MarkDaemon}

// present is the mark of a header field that only the format's messages have.
func present(field string) dsn.Mark { return dsn.Mark{Field: field, Test: dsn.MarkPresent} }

// holding is the mark of a header field whose value holds s.
func holding(field, s string) dsn.Mark {
	return dsn.Mark{Field: field, Test: dsn.MarkContains, Value: s}
}

// subjects returns the marks of the Subjects a format uses.
func subjects(ss ...string) []dsn.Mark {
	ms := make([]dsn.Mark, len(ss))
	for i, s := range ss {
		ms[i] = holding("Subject", s)
	}
	return ms
}

func (amazonSESDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{
		present("X-Amz-Sns-Message-Id"),
		holding("From", "sns.amazonaws.com"),
		holding("Subject", "AWS Notification Message"),
		holding("Content-Type", "application/json"),
	}
}

func (appleUnsubscribeDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("X-Apple-Unsubscribe", "true")}
}

func (googleGroupsDecoder) Marks() []dsn.Mark { return []dsn.Mark{daemonFrom} }
func (gmailDecoder) Marks() []dsn.Mark        { return []dsn.Mark{daemonFrom} }
func (amazonWorkMailDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{daemonFrom, holding("From", workMailSender)}
}
func (yahooDecoder) Marks() []dsn.Mark          { return append(subjects("Failure Notice"), daemonFrom) }
func (mailRuDecoder) Marks() []dsn.Mark         { return []dsn.Mark{daemonFrom} }
func (unitedInternetDecoder) Marks() []dsn.Mark { return []dsn.Mark{daemonFrom} }
func (zohoDecoder) Marks() []dsn.Mark           { return []dsn.Mark{daemonFrom} }
func (ezwebDecoder) Marks() []dsn.Mark          { return []dsn.Mark{daemonFrom} }
func (biglobeDecoder) Marks() []dsn.Mark        { return []dsn.Mark{daemonFrom} }
func (x2Decoder) Marks() []dsn.Mark             { return []dsn.Mark{daemonFrom} }
func (x6Decoder) Marks() []dsn.Mark             { return subjects("There was an error sending your mail") }
func (x3Decoder) Marks() []dsn.Mark             { return subjects("Delivery status notification") }
func (x1Decoder) Marks() []dsn.Mark             { return subjects("Returned Mail: ", "Mail Delivery Failure") }
func (notesDecoder) Marks() []dsn.Mark          { return subjects("Undeliverable message") }
func (mailFoundryDecoder) Marks() []dsn.Mark    { return subjects("Message delivery has failed") }
func (mailMarshalDecoder) Marks() []dsn.Mark    { return subjects("Undeliverable Mail: ") }
func (dominoDecoder) Marks() []dsn.Mark         { return subjects("DELIVERY FAILURE", "DELIVERY_FAILURE") }
func (fmlDecoder) Marks() []dsn.Mark            { return fmlMarks }
func (mFilterDecoder) Marks() []dsn.Mark        { return []dsn.Mark{holding("X-Mailer", "m-FILTER")} }
func (eximDecoder) Marks() []dsn.Mark           { return []dsn.Mark{present("X-Failed-Recipients"), daemonFrom} }
func (inlineDSNDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{present("X-Failed-Recipients"), daemonFrom}
}
func (openSMTPDDecoder) Marks() []dsn.Mark {
	return append(subjects("Delivery status notification:"), daemonFrom)
}
func (courierDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("Content-Type", "=_courier_"), daemonFrom}
}
func (dragonFlyDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("Received", "DragonFly Mail Agent"), daemonFrom}
}
func (iMailDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("X-Mailer", "<SMTP32 v"), daemonFrom}
}
func (activeHunterDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{present("X-AHMAILID"), holding("Content-Type", "Active!Hunter")}
}
func (qmailDecoder) Marks() []dsn.Mark      { return qmailMarks }
func (x4Decoder) Marks() []dsn.Mark         { return qmailMarks }
func (sendmailDecoder) Marks() []dsn.Mark   { return sendmailMarks }
func (v5SendmailDecoder) Marks() []dsn.Mark { return sendmailMarks }

func (kddiDecoder) Marks() []dsn.Mark        { return kddiMarks }
func (verizonDecoder) Marks() []dsn.Mark     { return verizonMarks }
func (apacheJamesDecoder) Marks() []dsn.Mark { return jamesMarks }

// nullReturnPath is the mark of a stored bounce whose Return-Path is the
// null reverse path (or names a mail system).
var nullReturnPath = dsn.Mark{Field: "Return-Path", Test: dsn.MarkDaemon}

// Some decoders' Match would accept much ordinary mail on one condition
// (a no-reply@ sender, a phone's address at Verizon, a JavaMail
// Message-ID); their marks are the narrower conditions their Match also
// asks for, and their Match asks for a mark.
var (
	// kddiMarks: a mail system's sender or KDDI's domains.
	kddiMarks = []dsn.Mark{
		daemonFrom,
		holding("From", "auone-net.jp"), holding("From", "dion.ne.jp"), holding("From", "kddi.com"),
		holding("Reply-To", "auone-net.jp"), holding("Reply-To", "dion.ne.jp"), holding("Reply-To", "kddi.com"),
	}
	// verizonMarks: the MMS relay's "MMSC NDR Administrator", the SMS
	// gateway's post_master, a mail system's sender.
	verizonMarks = []dsn.Mark{holding("From", "NDR Administrator"), holding("From", "post_master@"), daemonFrom, nullReturnPath}
	// jamesMarks: James's Received field and the SMS gateways'
	// post_master, then the senders of a report (Match wants one of
	// these two with a JavaMail Message-ID).
	// fmlMarks: the list maintainer's address, <list>-admin, which sends
	// fml's notices (X-MLServer is on every post to an fml list).
	fmlMarks   = []dsn.Mark{holding("From", "-admin@")}
	jamesMarks = []dsn.Mark{holding("Received", "JAMES SMTP Server"), holding("From", "post_master@"), daemonFrom, nullReturnPath}
)

func (interScanDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{
		holding("Content-Type", "InterScan"),
		holding("From", "interscan"),
		holding("Subject", "Mail could not be delivered"),
	}
}

func (messagingServerDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("Subject", "Delivery Notification:"), holding("Subject", netscapeSubject), holding("Content-Type", "Boundary_(ID_")}
}

func (exchange2003Decoder) Marks() []dsn.Mark {
	ms := []dsn.Mark{
		present("X-MS-Embedded-Report"),
		holding("X-MimeOLE", "Produced By Microsoft Exchange"),
		holding("Received", " with Internet Mail Service ("),
		daemonFrom,
	}
	for _, x := range exchange2003Mailers {
		ms = append(ms, holding("X-Mailer", x))
	}
	return ms
}

// exchangeNDRMarks are the marks of the Exchange 2007+ and Exchange Online
// reports (isExchangeNDR).
var exchangeNDRMarks = append([]dsn.Mark{present(exchangeNDRHeader), daemonFrom}, subjects(exchangeNDRSubjects...)...)

func (office365Decoder) Marks() []dsn.Mark    { return exchangeNDRMarks }
func (exchange2007Decoder) Marks() []dsn.Mark { return exchangeNDRMarks }
func (listForwardDecoder) Marks() []dsn.Mark  { return subjects(listForwardSubjects...) }
func (aolDecoder) Marks() []dsn.Mark          { return subjects("Mail Delivery Problem") }
func (phqueryDecoder) Marks() []dsn.Mark      { return subjects("Returned mail - nameserver error report") }

func (jmrpDecoder) Marks() []dsn.Mark {
	return append(subjects(jmrpSubject), present(jmrpRecipientField))
}

func (spamCopDecoder) Marks() []dsn.Mark {
	return append(subjects(spamCopSubject), holding("From", "@reports.spamcop.net"))
}

func (eximDMARCDecoder) Marks() []dsn.Mark {
	return subjects(eximDMARCSubject)
}

func (mDaemonDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{
		present("X-Mdaemon-Deliver-To"), present("X-Mddsn-Message"),
		holding("Message-Id", "<MDAEMON"), holding("From", "mdaemon@"),
		holding("From", securityGatewayName),
	}
}

// Smail's reports, by their Subjects; Deutsche Telekom's, which keep
// Smail's layout, by a mail system's sender (its From's domain alone is
// every T-Online customer's).
func (d smailDecoder) Marks() []dsn.Mark {
	if len(d.domains) > 0 {
		return reportSenderMarks
	}
	return subjects(smailSubjects...)
}

// qmailVariantDecoder: a mail system's sender (Match also takes a
// message with no From at all, which the header cannot mark; such a
// bounce comes with the null reverse path, the milter's first cue).
func (qmailVariantDecoder) Marks() []dsn.Mark { return reportSenderMarks }

// reportSenderMarks are the marks of a report a mail system sent: its
// From, or the null Return-Path of a stored one.
var reportSenderMarks = []dsn.Mark{daemonFrom, nullReturnPath}

func (smtpsvcDecoder) Marks() []dsn.Mark {
	return append([]dsn.Mark{present("X-DSNContext"), holding("Subject", "Delivery Status Notification")}, smtpsvcReportMarks...)
}

// groupWiseMarks: the Subject of GroupWise's reports, or a mail system's
// sender (GroupWise's X-Mailer is on its users' every message).
var groupWiseMarks = append(subjects("Message status - undeliverable"), reportSenderMarks...)

func (groupWiseDecoder) Marks() []dsn.Mark { return groupWiseMarks }

func (postfixDecoder) Marks() []dsn.Mark {
	return subjects("Undelivered Mail Returned to Sender", "Delayed Mail (still being retried)",
		"Postfix SMTP server: errors from", "Mail Delivery Status Report", "Undeliverable mail", "Returned mail")
}

// qmailMarks are the marks of qmail's reports and of the clones that
// keep its Subject.
var qmailMarks = append(subjects("failure notice"), holding("Received", "invoked for bounce"))

// sendmailMarks are the marks of Sendmail's reports, V5's included.
var sendmailMarks = append(subjects("Returned mail:", "Warning: could not send message", "Undeliverable mail:"),
	holding("From", "mail delivery subsystem"))
