package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// MlmmjLegacy names the decoder of mlmmj 1.2's notices to a poster whose
// post the list refused.
const MlmmjLegacy dsn.DecoderName = "mlmmj-1.2"

// mlmmjLegacyDecoder reads the notices mlmmj 1.2 sends a poster whose post
// the list refused, one listtext a reason (neonkore/MLmmj: listtexts/<lang>/
// subonlypost, access, notintocc, maxmailsize; src/mlmmj-process.c sends
// them from "$listowner$", LIST+owner@HOST, to the poster). mlmmj 1.3 made
// them one deny-post notice with the post attached, which mlmmjDecoder
// reads; the 1.2 notices attach nothing. src/prepstdreply.c writes the
// listtext's own header lines (its Subject, RFC 2047-encoded when not
// ASCII), then From, To, Message-ID, Date and a UTF-8 text/plain body:
//
//	Subject: Post til walkers@lists.example.dk afvist
//	From: walkers+owner@lists.example.dk
//	To: eva@example.com
//	Content-Type: text/plain; charset=utf-8
//
//	Hej, dette er mlmmj programmet der bestyrer postlisten
//
//	walkers@lists.example.dk
//
//	Jeg må desværre informere dig om at din besked ikke afleveres
//	til postlisten. Din mail blev afvist på grund af en regel
//	lavet af postliste administratoren.
//
// The list's address is the failed recipient, as in mlmmj 1.3's notice;
// the text after its line is the diagnostic.
type mlmmjLegacyDecoder struct{}

func (mlmmjLegacyDecoder) Name() dsn.DecoderName { return MlmmjLegacy }

// mlmmjLegacySubjects are the Subjects of those listtexts, the list's
// address between prefix and suffix: English as older mlmmj-process.c
// builds it in code ("Post to " LIST " denied"), Danish
// (listtexts/da@31e2a62b: subonlypost, maxmailsize, access) and Czech
// (listtexts/cz@8a74ad90: subonlypost, notintocc).
var mlmmjLegacySubjects = []struct{ prefix, suffix string }{
	{"Post to ", " denied"},
	{"", " er kun for tilmeldte"},
	{"Beskeden til ", " afvist på grund af en størrelsesbegrænsning"},
	{"Post til ", " afvist"},
	{"", " je konference jen pro prihlasene"},
	{"Odeslani zpravy na adresu ", " bylo odmitnuto"},
}

// Marks: the notice comes from the list's owner address, LIST+owner@HOST
// (or with the list's "-" delimiter), the From field list requires; a
// Subject's fixed words ("Post to ") are common in ordinary mail, and a
// mark makes the milter read the body.
func (mlmmjLegacyDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("From", "+owner@"), holding("From", "-owner@")}
}

func (d mlmmjLegacyDecoder) Match(m *dsn.Message) bool { return d.list(m) != "" }

// list returns the list's address when m is such a notice: From the
// list's owner address (LIST+owner@HOST, or with the list's own
// delimiter), a Subject of mlmmjLegacySubjects naming that list, and a
// text naming mlmmj; "" otherwise.
func (mlmmjLegacyDecoder) list(m *dsn.Message) string {
	list := listOfSender(m.Header.Address("From"), "+owner", "-owner")
	if list == "" {
		return ""
	}
	subject := mailtext.TrimSpace(m.Header.Text("Subject"))
	named := false
	for _, s := range mlmmjLegacySubjects {
		if len(subject) == len(s.prefix)+len(list)+len(s.suffix) && mailtext.HasPrefixFold(subject, s.prefix) &&
			strings.EqualFold(subject[len(s.prefix):len(s.prefix)+len(list)], list) &&
			strings.EqualFold(subject[len(s.prefix)+len(list):], s.suffix) {
			named = true
			break
		}
	}
	if !named || !mailtext.ContainsFold(m.TextBody(), "mlmmj") {
		return ""
	}
	return list
}

func (d mlmmjLegacyDecoder) Decode(m *dsn.Message) *dsn.Report {
	list := d.list(m)
	if list == "" {
		return nil
	}
	text := m.TextBody()
	// The diagnostic is the text after the list's address on its own line.
	for _, l := range textLines(text) {
		if strings.EqualFold(strings.TrimSpace(l), list) {
			_, after, _ := strings.Cut(text, l)
			text = after
			break
		}
	}
	return listRefusal(list, text)
}
