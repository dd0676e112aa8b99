package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// fmlDecoder reads the error notices of the fml mailing list manager
// (X-MLServer: fml): "You are not a member of this mailing list <list>.",
// "Loop Alert: Duplicated Message-ID", ... The message the list refused is
// reported as failed to the list address the notice names.
type fmlDecoder struct{}

func (fmlDecoder) Name() dsn.DecoderName { return FML }

// Match wants fml's header from the list's maintainer (fmlMarks): every
// post to an fml list carries X-MLServer, the notices come from the
// <list>-admin address.
func (fmlDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "X-MLServer", "fml") && m.HasAnyMark(fmlMarks)
}

func (fmlDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	var para []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			if len(para) > 0 {
				break
			}
			continue
		}
		para = append(para, t)
	}
	if len(para) == 0 {
		return nil
	}
	diag := joinLines(para)
	subject := m.Header.Text("Subject")
	// fml sends more than refusals from the same address with the same
	// header (the welcome of an auto-registered member, command results):
	// only a notice whose Subject or first paragraph says an error is one.
	if !fmlNamesError(subject) && !fmlNamesError(diag) {
		return nil
	}
	// The list address: in the first paragraph, else the sender's.
	addr := ""
	if i := strings.IndexByte(diag, '<'); i >= 0 {
		addr = dsn.Address(diag[i:])
	}
	if addr == "" {
		addr = m.Header.Address("From")
	}
	if addr == "" {
		return nil
	}
	if subject != "" {
		diag = mailtext.FoldSpace(subject + ": " + diag)
	}
	r := &dsn.Report{}
	addRecipient(r, dsn.Recipient{Recipient: addr, DiagnosticCode: diag})
	r.Original = originalFromMessage(m, text, "Original mail as follows:")
	return deliveryReport(r)
}

// fmlErrors are the words of fml's error notices, their Subjects and first
// lines, as Sisimai's fml decoder lists them (sisimai/p5-sisimai
// lib/Sisimai/Lhost/FML.pm $errortitle and $errortable; fmlorg/fml4
// kern/libfml.pl: "You $From_address are not member $ML_FN").
var fmlErrors = []string{
	" are not member", "not member article from ", "reject mail ", "reject spammers:",
	"spam mail from a spammer is rejected", "you are not a member of this mailing list",
	" header may cause mail loop", "fml system error message", "loop alert: ",
	"loop back warning", "warning: unix from loop", " has detected a loop condition so that",
	"duplicated message-id", "security alert",
}

// fmlNamesError reports whether s holds one of fmlErrors.
func fmlNamesError(s string) bool {
	for _, e := range fmlErrors {
		if mailtext.IndexFold(s, e) >= 0 {
			return true
		}
	}
	return false
}
