package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestISPChinaReplies: Alibaba Mail's behaviour anti-spam refusals
// (classify/texts/isp_china_replies.tsv) are a refused sending IP; the
// transient form stays a rate limit, and near misses keep their readings.
func TestISPChinaReplies(t *testing.T) {
	runFactCases(t, []factCase{
		// zyy100.com: mxn.mxhichina.com's refusals of a low-reputation / listed IP.
		{name: "alibaba bad sending", status: "5.0.0", command: "DATA", diag: "554 Reject by behaviour spam at DATA State(Connection IP address:192.0.2.41)ANTISPAM_BAT[01201311R2187S342, r41g09800]: bad sending", action: dsn.ActionFailed, want: Blocked},
		{name: "alibaba rbl", status: "5.0.0", command: "DATA", diag: "554 Reject by behaviour spam at DATA State(Connection IP address:192.0.2.41)ANTISPAM_BAT[]:list on rbl sites", action: dsn.ActionFailed, want: Blocked},
		// qcnsw.com: the transient form is the sender connecting too often.
		{name: "alibaba transient", status: "4.0.0", command: "DATA", diag: "454 Transient reject by behaviour spam at DATA State(Connection IP address:192.0.2.41)ANTISPAM_BAT[01201311R5167S531,r41g03022]: currently unexpected sending", action: dsn.ActionDelayed, want: RateLimited},
		// Alibaba's content refusal keeps its reading.
		{name: "near: alibaba content spam", status: "5.0.0", command: "DATA", diag: "554 Reject by content spam", action: dsn.ActionFailed, want: SpamDetected},
	})
	runFactNearMisses(t, []factNearMiss{
		{name: "behaviour words without the refusal", status: "5.0.0", command: "DATA", diag: "550 your sending behaviour is unusual, mailbox full", action: dsn.ActionFailed, notWant: Blocked},
		{name: "rbl sites named in a help text", status: "5.1.1", command: "RCPT", diag: "550 5.1.1 user unknown (see rbl sites policy)", action: dsn.ActionFailed, notWant: Blocked},
	})
}
