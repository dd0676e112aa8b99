package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// What the decoders of mailing list managers' refusals of a post share
// (mlmmj, Mailman, ezmlm-idx, Sympa): the post was not delivered to the
// list, so the list's address is the failed recipient, and the notice's
// words, which say why, are its diagnostic; classify's vendor rows read
// such a refusal as rejected unless the words name another reason.

// listOfSender returns a list's posting address from the address one of
// the list manager's notices came from (walkers-owner@host:
// walkers@host), given the suffixes that address may carry, or "".
func listOfSender(from string, suffixes ...string) string {
	at := strings.LastIndexByte(from, '@')
	if at <= 0 {
		return ""
	}
	local := from[:at]
	for _, s := range suffixes {
		if len(local) > len(s) && strings.EqualFold(local[len(local)-len(s):], s) {
			return dsn.Address(local[:len(local)-len(s)] + from[at:])
		}
	}
	return ""
}

// listRefusal returns the report of a list's refusal of a post: the
// list's address failed, with the notice's words as its diagnostic; nil
// when list is no address.
func listRefusal(list, words string) *dsn.Report {
	r := &dsn.Report{}
	if !addRecipient(r, dsn.Recipient{Recipient: list, Action: dsn.ActionFailed,
		DiagnosticCode: mailtext.Truncate(mailtext.FoldSpace(words), dsn.MaxDiagnosticBytes)}) {
		return nil
	}
	return deliveryReport(r)
}
