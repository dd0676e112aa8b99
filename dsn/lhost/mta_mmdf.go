package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// mmdfDecoder reads the returned-mail notices of MMDF, the Multi-Channel
// Memo Distribution Facility (University of Delaware; MMDF-IIb), written by
// lib/mmdf/rtn_proc.c (NishiOwO/mmdf). Its From is the site's
// ("HOST Mail System (MMDF) <mmdf@HOST>"), its Subject "Failed mail
// (msg.ID)" or "Waiting mail  (msg.ID)", and its text one of three:
//
//   - rtn_error, an address the channel refused: "    Your message could
//     not be delivered to\n'ADDRESS' for the following\nreason:  'REASON'",
//     where REASON is the channel's reply line; the SMTP channel's
//     (src/smtp/sm_wtmail.c, sm_irdrply) is the server's reply code, "; "
//     and the reply's text, its continuation lines joined by "; ";
//   - rtn_time, the queue time ran out: "    After N days (H hours), your
//     message could not be\nfully delivered." and "    It failed to be
//     received by the following address(es):", one tab-indented address a
//     line;
//   - rtn_warn, a delay: "... your message has not yet been\nfully
//     delivered.  Attempts to deliver the message will continue\nfor N more
//     days." and "    Delivery attempts are still pending for the following
//     address(es):".
//
// An address is written "LOCAL (host: HOST) (queue: CHANNEL)"
// (rtn_pnam), LOCAL being the address the channel was given. The returned
// message follows "    Your message begins as follows:" or "    Your
// message follows:".
type mmdfDecoder struct{}

// MMDF is the name of mmdfDecoder.
const MMDF dsn.DecoderName = "MMDF"

func (mmdfDecoder) Name() dsn.DecoderName { return MMDF }

// mmdfSubjects are rtn_proc.c's rtn_nosnd and rtn_yetsnd.
var mmdfSubjects = []string{"Failed mail", "Waiting mail"}

func (mmdfDecoder) Match(m *dsn.Message) bool { return subjectHasPrefix(m, mmdfSubjects...) }

func (mmdfDecoder) Marks() []dsn.Mark { return subjects(mmdfSubjects...) }

var (
	// mmdfAddress is rtn_pnam's "local (host: HOST) (queue: CHANNEL)".
	mmdfAddress = lazyRegexp(`^(\S+)(?:\s+\(host:\s*([^)\s]*)\))?(?:\s+\(queue:\s*[^)]*\))?$`)
	// mmdfError is rtn_error's text after its first line.
	mmdfError = lazyRegexp(`(?s)^'(.+?)'\s+for the following\s+reason:\s+'(.*)'\s*$`)
	// mmdfReplyCode is sm_irdrply's "NNN; " before the reply's text.
	mmdfReplyCode = lazyRegexp(`^([245][0-9][0-9]);\s*`)
)

var mmdfCopy = []string{"Your message begins as follows:", "Your message follows:"}

func (mmdfDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	if len(lines) > 400 {
		lines = lines[:400]
	}
	end := lineIndex(lines, 0, mmdfCopy...)
	if end < 0 {
		end = len(lines)
	}
	lines = lines[:end]
	r := &dsn.Report{}
	if i := lineIndex(lines, 0, "Your message could not be delivered to"); i >= 0 {
		mmdfReadError(r, strings.Join(lines[i+1:], "\n"))
	} else if i := lineIndex(lines, 0, "After "); i >= 0 {
		mmdfReadIntro(r, lines, i)
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text, mmdfCopy...)
	return deliveryReport(r)
}

// mmdfReadError reads rtn_error's address and reason.
func mmdfReadError(r *dsn.Report, rest string) {
	sm := mmdfError().FindStringSubmatch(strings.TrimSpace(rest))
	if sm == nil {
		return
	}
	addr := mmdfAddr(strings.Join(strings.Fields(sm[1]), " "))
	if addr == "" {
		return
	}
	reason := strings.Join(strings.Fields(sm[2]), " ")
	remote := false
	if c := mmdfReplyCode().FindStringSubmatch(reason); c != nil {
		reason = c[1] + " " + reason[len(c[0]):]
		remote = true
	}
	addRecipient(r, dsn.Recipient{Recipient: addr, Action: dsn.ActionFailed, DiagnosticCode: reason, NoRemoteAnswer: !remote})
}

// mmdfReadIntro reads rtn_intro's sentence (at line i) and the address
// list after it: a failure when the queue time ran out, a delay otherwise.
func mmdfReadIntro(r *dsn.Report, lines []string, i int) {
	var sentence []string
	for j := i; j < len(lines) && j < i+4 && strings.TrimSpace(lines[j]) != ""; j++ {
		sentence = append(sentence, strings.TrimSpace(lines[j]))
	}
	diag := joinLines(sentence)
	var action dsn.Action
	var status dsn.Status
	switch {
	case strings.Contains(diag, "could not be fully delivered"):
		action, status = dsn.ActionFailed, statusTimeExpired
	case strings.Contains(diag, "has not yet been fully delivered"):
		action = dsn.ActionDelayed
	default:
		return
	}
	list := lineIndex(lines, i, "It failed to be received by the following address", "Delivery attempts are still pending for the following address")
	if list < 0 {
		return
	}
	seen := false
	for _, l := range lines[list+1:] {
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			if seen {
				return
			}
			continue
		case strings.HasPrefix(t, "trying for "), t == "(none)":
			// rtn_warn_per_adr's "trying for N more days."; an empty list.
			seen = true
			continue
		case !strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, " "):
			return
		}
		seen = true
		if a := mmdfAddr(t); a != "" {
			addRecipient(r, dsn.Recipient{Recipient: a, Action: action, Status: status, DiagnosticCode: diag, NoRemoteAnswer: true})
		}
	}
}

// mmdfAddr returns the address of rtn_pnam's "local (host: HOST) (queue:
// CHANNEL)": LOCAL when it is a whole address, else LOCAL@HOST; "" when
// the text is no address.
func mmdfAddr(s string) string {
	sm := mmdfAddress().FindStringSubmatch(s)
	if sm == nil {
		return ""
	}
	a := strings.Trim(sm[1], "<>'")
	if !strings.Contains(a, "@") {
		if sm[2] == "" {
			return ""
		}
		a += "@" + sm[2]
	}
	return dsn.Address(a)
}
