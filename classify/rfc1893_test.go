package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestRFC1893RoutingServerFailure: X.4.3's subject in RFC 1893's words
// ("Routing server failure", as Libero's notices print it) reads like its
// RFC 3463 name, "Directory server failure"; the neighbouring subjects keep
// their own readings.
func TestRFC1893RoutingServerFailure(t *testing.T) {
	assertReasonCases(t, SystemError, []reasonCase{
		{text: "ROUTING SERVER FAILURE", status: "", command: ""},
		{text: "Routing server failure", status: "5.4.3", command: dsn.CommandRCPT},
		{text: "Directory server failure", status: "", command: ""},
	}, []reasonCase{
		{text: "DELIVERY TIME EXPIRED", status: "", command: ""},
		{text: "MAILBOX FULL (User quota exceeded)", status: "", command: ""},
		{text: "Routing loop detected", status: "", command: ""},
		{text: "OTHER OR UNDEFINED NETWORK OR ROUTING STATUS", status: "", command: ""},
	})
}
