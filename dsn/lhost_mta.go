package dsn

// mtaFormatDecoders read the non-standard (non-RFC 3464) failure reports of
// MTA software: qmail, Exim, old Sendmail and Postfix, Exchange, ... They
// are tried after the provider formats.
//
// The order matters only where two decoders' Match can both accept a
// message; each Decode returns nil unless the body has its MTA's own intro
// lines, so a wrong Match costs only time. Decoders with a specific header
// test (a vendor X- header, a Received field naming the software) come
// first; those that match on a Subject several MTAs share ("failure
// notice", "Mail delivery failed", "Returned mail:") come after them:
//   - DragonFly before Exim: both use "Mail delivery failed".
//   - qmail before X4: both use "failure notice".
var mtaFormatDecoders = []Decoder{
	// Specific header tests: vendor headers, Received fields.
	activeHunterDecoder{},
	mFilterDecoder{},
	fmlDecoder{},
	verizonDecoder{},
	apacheJamesDecoder{},
	interScanDecoder{},
	exchange2003Decoder{},
	iMailDecoder{},
	dragonFlyDecoder{},
	x6Decoder{},
	x3Decoder{},
	x1Decoder{},
	openSMTPDDecoder{},
	postfixDecoder{},
	dominoDecoder{},
	notesDecoder{},
	mailFoundryDecoder{},
	mailMarshalDecoder{},
	// Shared Subjects; each Decode checks its MTA's intro.
	eximDecoder{},
	qmailDecoder{},
	x4Decoder{},
	x2Decoder{},
	sendmailDecoder{},
	v5SendmailDecoder{},
}
