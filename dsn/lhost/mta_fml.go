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
