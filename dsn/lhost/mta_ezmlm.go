package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Ezmlm names the decoder of ezmlm-idx's notices that a moderated list
// returned a post.
const Ezmlm dsn.DecoderName = "ezmlm"

// ezmlmDecoder reads the notice ezmlm-idx sends a poster whose post a
// moderated list returned: ezmlm-moderate's, when a moderator rejected
// it (text/mod-reject, "I'm sorry, your message (enclosed) was not
// accepted by the moderator.", with the moderator's comment), and
// ezmlm-clean's, when no moderator acted in time (text/mod-timeout, "the
// list moderators for the LIST list have failed to act on your post").
// The post was not delivered to the list: the list's address is the
// failed recipient, as in mlmmj's and Mailman's refusals. Both programs
// (bruceg/ezmlm-idx: ezmlm-moderate.c, ezmlm-clean.c) write the list's
// Mailing-List field, which only ezmlm writes ("contact LIST-help@HOST;
// run by ezmlm" unless the list's mailinglist file says otherwise), and
// the Subject SUB_RETURNED_POST names the list (lang/en_US/messages):
//
//	Mailing-List: contact walkers-help@lists.example.org; run by ezmlm
//	From: walkers-owner@lists.example.org (ezmlm-clean: walkers-help@)
//	Subject: Returned post for walkers@lists.example.org
//
// then text/top and the notice's text, and the post attached as
// message/rfc822 (or, with -M, appended after the text, starting with
// the Return-Path line ezmlm stored it with). The Subject is in the
// list's language, from its lang/<lang>/messages file (ezmlmSubjects).
type ezmlmDecoder struct{}

func (ezmlmDecoder) Name() dsn.DecoderName { return Ezmlm }

// ezmlmSubjects are the starts of SUB_RETURNED_POST, the list's address
// after each, in English (lang/en_US/messages) and in the languages whose
// messages file translates it: German (lang/de/messages@027863d0723a,
// "Rückkehrende Einsundung für <#L#>@<#H#>", as written) and Italian
// (lang/it/messages@4a991cd507b4, "Messaggio rigettato da <#L#>@<#H#>")
// and Indonesian (lang/id/messages@4a991cd507b4, "Pengembalian posting
// untuk <#L#>@<#H#>"). The French, Dutch, Polish and Portuguese files
// leave it to English; the Czech, Swedish, Hungarian and Danish ones hold
// only the texts ezmlm-issubn exits with.
var ezmlmSubjects = []string{"Returned post for ", "Rückkehrende Einsundung für ", "Messaggio rigettato da ", "Pengembalian posting untuk "}

func (ezmlmDecoder) Marks() []dsn.Mark { return subjects(ezmlmSubjects...) }

// Match wants, with the Subject and the field, the list's own -owner
// or -help address as the sender: a post a member sends through the list
// under such a Subject has the Mailing-List field too.
func (ezmlmDecoder) Match(m *dsn.Message) bool {
	if !m.Header.Has("Mailing-List") {
		return false
	}
	list := ezmlmList(m.Header.Text("Subject"))
	return list != "" && strings.EqualFold(listOfSender(m.Header.Address("From"), "-owner", "-help"), list)
}

// ezmlmList returns the list's address a "Returned post for" Subject
// (in any language of ezmlmSubjects) names, or "".
func ezmlmList(subject string) string {
	s := mailtext.TrimSpace(subject)
	for _, prefix := range ezmlmSubjects {
		if !mailtext.HasPrefixFold(s, prefix) {
			continue
		}
		rest := mailtext.TrimSpace(s[len(prefix):])
		if strings.ContainsAny(rest, " \t") {
			return ""
		}
		return dsn.Address(rest)
	}
	return ""
}

func (d ezmlmDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) {
		return nil
	}
	list := ezmlmList(m.Header.Text("Subject"))
	text := m.TextBody()
	// Without MIME, the post follows the text from its stored
	// Return-Path line on.
	if i := strings.Index(text, "\nReturn-Path:"); i >= 0 {
		text = text[:i]
	}
	return listRefusal(list, text)
}
