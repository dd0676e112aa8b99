package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Exchange2007Scored is the name of exchangeScoredDecoder's reports.
const Exchange2007Scored dsn.DecoderName = "Exchange2007-Scored"

// exchangeScoredDecoder reads an Exchange 2007+ NDR that the Exchange 2007
// decoder's header test (isExchangeNDR) misses: one without Exchange's
// X-MS-Exchange-Message-Is-Ndr field whose Subject prefix is in a language
// exchangeNDRSubjects does not list (a Spanish "No se puede entregar:"),
// and without a message/delivery-status part the RFC 3464 decoder could
// read. It takes such a message the way Sisimai's Exchange2007 decoder
// does (sisimai/go-sisimai:lhost/via-exchange2007.go, its "proceedsto"
// score): two or more of a known Subject, Exchange Online's postmaster as
// the From, a RESOLVER. or QUEUE. code in the text, an administrators'
// heading at the start of a line, and a Content-Language field. It asks
// more than Sisimai does, so that a person's mail quoting an NDR is not
// taken: the From must be a mail system's, the text must hold the heading
// or a code, and the header must add one of Sisimai's marks (Exchange
// Online's postmaster, Exchange's system mailbox
// "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@..." as the From, or
// a Content-Language field). The layout is then read by the Exchange 2007
// decoder.
type exchangeScoredDecoder struct{}

func (exchangeScoredDecoder) Name() dsn.DecoderName { return Exchange2007Scored }

// exchangeSystemMailbox is the local part Exchange 2007 and later send
// their NDRs from (https://pastebin.com/EimgND2Y; bbottema/outlook-message-parser's
// OutlookMessageParserTest.java).
const exchangeSystemMailbox = "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e"

// exchangeScoredCodes are the diagnostic codes via-exchange2007.go looks
// for in the text ("error": " RESOLVER.", " QUEUE.").
var exchangeScoredCodes = []string{" RESOLVER.", " QUEUE.", "#RESOLVER.", "#QUEUE."}

// Match is the header's part of the test: not the Exchange 2007
// decoder's, from a mail system or Exchange's system mailbox, and one of
// Sisimai's header marks. Decode reads the text's part.
func (exchangeScoredDecoder) Match(m *dsn.Message) bool {
	if isExchangeNDR(m) {
		return false // the Exchange 2007 decoder's
	}
	from := m.Header.Get("From")
	system := mailtext.ContainsFold(from, exchangeSystemMailbox)
	if !system && !fromDaemon(m) {
		return false
	}
	online := mailtext.ContainsFold(from, "postmaster@outlook.com") || mailtext.ContainsFold(from, ".onmicrosoft.com")
	return online || system || m.Header.Has("Content-Language")
}

// exchangeScoredText reports whether the notice's text, before the
// returned message, has the administrators' heading or a RESOLVER. or
// QUEUE. code. Sisimai counts the code and the heading apart; here the
// text counts once, so that a notice forwarded inside a person's message
// (whose header is the person's) is left to the generic decoder.
func exchangeScoredText(m *dsn.Message) bool {
	lines := textLines(reportText(m))
	if end := lineIndex(lines, 0, exchangeOriginalMarkers...); end >= 0 {
		lines = lines[:end]
	}
	if lineIndex(lines, 0, exchangeAdminHeadings...) >= 0 {
		return true
	}
	for _, l := range lines {
		for _, c := range exchangeScoredCodes {
			if strings.Contains(l, c) {
				return true
			}
		}
	}
	return false
}

// Marks: the From is a mail system's or Exchange's system mailbox.
func (exchangeScoredDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{daemonFrom, holding("From", exchangeSystemMailbox)}
}

func (exchangeScoredDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !exchangeScoredText(m) {
		return nil
	}
	return exchange2007Decoder{}.Decode(m)
}
