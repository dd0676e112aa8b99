package classify

// The notice stage. Many MTAs state the reason only, or more precisely,
// in the human-readable part of their report (RFC 3464 section 2.1: the
// first part explains the failure to a person), while the machine-readable
// part carries a bare status (5.0.0, 4.0.0) or an X-Unix exit code. Package
// dsn keeps, per recipient, the part of that text that belongs to it
// (dsn.Recipient.Notice: the lines naming it, or the whole text when the
// report names no other recipient). The stage reads it as text evidence
// weaker than the recipient's own diagnostic:
//
//   - it runs only when the diagnostic's words, the vendor's category and
//     the status code named no reason (evidenceStage did not decide), and
//     before the reply code, the expiry words, X-Unix, the delayed
//     fallback and the status class: a sentence naming what happened says
//     more than "550" or "5.X.X";
//   - not for an X-Unix diagnostic: it is a local delivery program's exit
//     status (RFC 3464 section 2.3.6), and what the program wrote or the
//     MTA made of its exit code ("maildrop: maildir over quota", Sendmail's
//     "Operating system error" for EX_OSERR) is the program's output, which
//     its failure explains (textPriority puts mailererror first for that
//     reason); xUnixStage decides;
//   - the report's decoder's own rows (@by) are read first, then the text
//     tables' deciding match, settled as in the diagnostic (text.go);
//   - user-unknown words and expiry words, which the diagnostic holds back
//     (text.go), are not heard in the notice: a notice's "could not be
//     delivered" or "address not found" is the MTA's account of the
//     failure, not a mailbox check's answer;
//   - the rule id is the row's id behind "notice/", so a verdict says
//     that it came from the notification.
//
// The notification's wording that names no reason (Postfix's "This is the
// mail system at host", Sendmail's "The following addresses had permanent
// fatal errors", "Please try again later") matches no reason row, or a
// mask where a narrower phrase would fire inside it.

// noticePrefix begins the rule id of a verdict the notice decided.
const noticePrefix = "notice/"

// noticeStage decides by the recipient's part of the notification.
func noticeStage(in *Input) (Verdict, bool) {
	s, ok := in.readNotice()
	if !ok {
		return Verdict{}, false
	}
	defer putScan(s)
	c, ok := noticeChoice(in, s)
	return c.verdict, ok
}

// noticeVerdict is the notice's deciding row: the verdict, the text
// row behind it and the phrase that matched.
type noticeVerdict struct {
	verdict Verdict
	row     int32
	phrase  int32
}

// noticeChoice picks the deciding row among the matches of s, the
// recipient's notice: the report's decoder's own rows (@by) first, then
// the text tables' deciding match, settled as in the diagnostic.
func noticeChoice(in *Input, s *scan) (noticeVerdict, bool) {
	if ri := tables.decoderTextMatch(s, in.Report.Decoder); ri >= 0 {
		return noticeVerdict{Verdict{Reason: tables.rows[ri].Reason, Stage: StageNotice, Rule: noticePrefix + tables.decoderRuleID(ri)},
			ri, tables.rows[ri].phrase}, true
	}
	if c := resolveText(tables, s, in.Command, nil, nil); c.best >= 0 {
		p := s.matches[c.best].phrase
		return noticeVerdict{Verdict{Reason: tables.reasons[p].reason, Stage: StageNotice, Rule: noticePrefix + tables.textRuleID(p)},
			tables.reasons[p].row, p}, true
	}
	return noticeVerdict{}, false
}

// readNotice reads the recipient's notice into a scan (the caller puts
// it back), ok false when there is none or no phrase matched.
func (in *Input) readNotice() (*scan, bool) {
	n := in.Recipient.Notice
	if n == "" || isXUnix(in.Recipient) {
		return nil, false
	}
	s := getScan()
	s.read(tables.index, cutUTF8(n, maxScanBytes))
	if len(s.matches) == 0 {
		putScan(s)
		return nil, false
	}
	return s, true
}
