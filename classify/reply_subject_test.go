package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestReplyCodeOfTheAddress: 551 and 553 name the recipient's address
// (RFC 5321 section 4.2.2), so they decide only where the status, if any,
// is about addressing too; under another subject (5.7.x) the status
// decides. The texts here are ones no table reads.
func TestReplyCodeOfTheAddress(t *testing.T) {
	runFactCases(t, []factCase{
		{name: "551 alone", status: "", diag: "551 qwzx frobnicated", command: dsn.CommandRCPT, action: dsn.ActionFailed, want: HasMoved, rule: "reply/551"},
		{name: "551 with X.1.6", status: "5.1.6", diag: "551 5.1.6 qwzx frobnicated", command: dsn.CommandRCPT, action: dsn.ActionFailed, want: HasMoved},
		{name: "551 under a policy status", status: "5.7.1", diag: "551 5.7.1 qwzx frobnicated", command: dsn.CommandRCPT, action: dsn.ActionFailed, want: SecurityError},
		{name: "553 under a policy status", status: "5.7.1", diag: "553 5.7.1 qwzx frobnicated", command: dsn.CommandRCPT, action: dsn.ActionFailed, want: SecurityError},
		{name: "553 alone", status: "", diag: "553 qwzx frobnicated", command: dsn.CommandRCPT, action: dsn.ActionFailed, want: UserUnknown, rule: "command/RCPT/553"},
	})
}
