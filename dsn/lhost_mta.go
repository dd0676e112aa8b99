package dsn

// mtaFormatDecoders read the non-standard (non-RFC 3464) failure reports of
// MTA software: qmail, Exim, old Sendmail and Postfix, Exchange, ... They
// are tried after the provider formats, and each Decode returns nil unless
// the body has its MTA's own intro lines or section headings, so a Match
// that accepts too much costs only time.
//
// The order is deliberate where two Match functions can accept the same
// message:
//   - Decoders whose Match tests something only their software writes (a
//     vendor X- header, a MIME boundary, a Received field naming the
//     software, a sender domain) come first, so that a report is credited
//     to the most specific decoder: ActiveHunter before Sendmail (it
//     copies Sendmail's layout), Verizon before ApacheJames (its SMS
//     gateway runs James), Courier and MessagingServer (boundaries) before
//     the Subject-based ones.
//   - Decoders matching on a Subject several MTAs share come last:
//     DragonFly before Exim ("Mail delivery failed"); qmail, then X4, then
//     X2 ("failure notice"; X4 and X2 only change qmail's intro); Sendmail
//     before V5sendmail (the same Subjects; V5 reports lack the address
//     list that Sendmail's Decode requires).
var mtaFormatDecoders = []Decoder{
	// Specific header tests: vendor headers, Received fields.
	activeHunterDecoder{},
	mFilterDecoder{},
	fmlDecoder{},
	verizonDecoder{},
	apacheJamesDecoder{},
	interScanDecoder{},
	courierDecoder{},
	messagingServerDecoder{},
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
