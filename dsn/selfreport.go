package dsn

import "strings"

// remoteIsReporter reports whether rc's Remote-MTA names the reporting
// MTA itself. RFC 3464 section 2.3.5 gives Remote-MTA for "the MTA which
// reported the delivery status" at the far end of a relay; a report
// whose Remote-MTA is its own Reporting-MTA was decided where it was
// written, with no remote server asked. grommunio's gromox writes such
// reports for its own local deliveries and mailing lists: Remote-MTA and
// Reporting-MTA are both "dns;" plus its host ID (gromox
// mda/exmdb_local/bounce_producer.cpp and mda/mlist_expand/
// bounce_producer.cpp, bounce_producer_make).
func remoteIsReporter(r *Report, rc *Recipient) bool {
	remote, reporter := mtaHost(rc.RemoteMTA), mtaHost(r.ReportingMTA)
	return remote != "" && remote == reporter
}

// mtaHost is the host an MTA field names, without brackets, a trailing
// dot, a comment after it, or case.
func mtaHost(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, " \t("); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(strings.TrimSuffix(strings.Trim(v, "[]"), "."))
}
