package classify

import "github.com/bounce-milter/bounce-milter/dsn"

// coarserStatus reports whether found, a code read in the diagnostic text,
// says less than the Status field: the same class and subject with no
// detail (X.Y.0) against a Status that names one. Exchange writes the
// remote reply of its own transport as "554 5.7.0 < #5.7.520 smtp;550
// 5.7.520 Message blocked ...>" under Status: 5.7.520 (the Outlook.com NDR
// quoted at https://learn.microsoft.com/en-us/answers/questions/5848784/):
// the text's first code is the envelope's summary, the field the verdict's.
func coarserStatus(found, field dsn.Status) bool {
	return found.Subject == field.Subject && found.Detail == 0 && field.Detail != 0
}
