package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// DadaMail names the decoder of Dada Mail's notice that a discussion list
// refused a post.
const DadaMail dsn.DecoderName = "DadaMail"

// dadaMailDecoder reads the notice Dada Mail's discussion-list support
// sends a poster who may not post to the list (DADA::App::Messages
// send_not_allowed_to_post_msg, template
// dada/templates/email/not_allowed_to_post_msg.eml):
//
//	Subject: Not Allowed to Post On Walkers
//	 (your original message is attached)
//
//	You recently sent a message to,
//
//		Walkers (walkers@lists.example.org)
//
//	with the email address:
//
//	    eva@example.com
//
//	But, it doesn't seem that you currently have permission to do so.
//
// The address in parentheses is the list's (its discussion_pop_email),
// the failed recipient; the notice's words are its diagnostic (lists.tsv
// reads them as rejected). Dada's other refusals (msg_too_big_msg,
// rejection_msg) name the list only by its name, so no decoder can say
// which address failed.
type dadaMailDecoder struct{}

func (dadaMailDecoder) Name() dsn.DecoderName { return DadaMail }

const (
	dadaNotAllowedSubject = "Not Allowed to Post On "
	dadaSentTo            = "You recently sent a message to,"
	dadaWithAddress       = "with the email address:"
)

func (dadaMailDecoder) Marks() []dsn.Mark { return subjects(dadaNotAllowedSubject) }

func (dadaMailDecoder) Match(m *dsn.Message) bool {
	return mailtext.HasPrefixFold(mailtext.TrimSpace(m.Header.Text("Subject")), dadaNotAllowedSubject)
}

func (dadaMailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := mailtext.FoldSpace(reportText(m))
	i := strings.Index(text, dadaSentTo)
	if i < 0 {
		return nil
	}
	named := text[i+len(dadaSentTo):]
	j := strings.Index(named, dadaWithAddress)
	if j < 0 {
		return nil
	}
	named = named[:j]
	open, close := strings.LastIndexByte(named, '('), strings.LastIndexByte(named, ')')
	if open < 0 || close < open {
		return nil
	}
	return listRefusal(dsn.Address(named[open+1:close]), text[i:])
}
