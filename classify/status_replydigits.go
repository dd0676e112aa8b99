package classify

import "github.com/bounce-milter/bounce-milter/dsn"

// replyDigitsStatus reports whether st is no enhanced status code at all
// but the reply code spelled with dots: Stalwart's queue writes the Status
// field of a recipient whose remote reply carried no enhanced code from the
// reply code's three digits ("550 Message size exceeds maximum permitted"
// becomes Status 5.5.2, "553 sorry, ..." 5.5.3, "421 ..." 4.2.1;
// stalwartlabs/mail-server:crates/smtp/src/queue/dsn.rs@0b46ec5808c3ae5f9cb82e9eeac937ab7d022a44,
// WriteDsn for Response<String>, write_dsn_status). Read as RFC 3463 codes
// those digits name reasons the reply never gave (X.5.2 syntax error,
// X.5.3 too many recipients, X.2.1 mailbox disabled). Only the class is
// the reply's: X.0.0, what Postfix, Sendmail and Exim write in that case.
// A code of X.0.0 is already that, and a diagnostic quoting an enhanced
// code of its own ("550 5.5.0 ...") is a real one.
func replyDigitsStatus(st dsn.Status, reply int, diag string) bool {
	if reply < 200 || reply > 599 || st.Subject == 0 && st.Detail == 0 {
		return false
	}
	if st.Class != reply/100 || st.Subject != reply/10%10 || st.Detail != reply%10 {
		return false
	}
	return dsn.FindStatus(diag).IsZero()
}

// reportedStatus returns the status a verdict reports: the one the
// classifier read, except that a Status made of the reply code's digits,
// read as its class alone, is reported as the notice gives it (the field's
// value, as Sisimai reports it), though it decided nothing.
func reportedStatus(in *Input) dsn.Status {
	given := in.Recipient.Status
	if in.Status == (dsn.Status{Class: given.Class}) && replyDigitsStatus(given, in.ReplyCode, cutUTF8(in.Recipient.DiagnosticCode, maxScanBytes)) {
		return given
	}
	return in.Status
}
