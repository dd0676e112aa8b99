package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestISPKoreaNotices: the Korean portals' "the recipient has blocked your
// mail" (classify/texts/isp_korea_notices.tsv) is the recipient's own
// filter; near misses keep their readings.
func TestISPKoreaNotices(t *testing.T) {
	runFactCases(t, []factCase{
		// Naver, thomasJang/axisj#416.
		{name: "naver recipient blocked", status: "5.0.0", diag: "받는 사람이 회원님의 메일을 수신차단 하였습니다.", action: dsn.ActionFailed, want: Filtered},
		// Dooray!, sparcs-kaist/taxi-front#80 (after its intro).
		{name: "dooray recipient blocked", status: "5.0.0", diag: "님께 보낸 메일이 전송되지 못하였습니다. 받는 사람이 회원님의 메일을 수신차단 하였습니다.", action: dsn.ActionFailed, want: Filtered},
	})
	runFactNearMisses(t, []factNearMiss{
		{name: "the sender's own block", status: "5.0.0", diag: "회원님이 받는 사람의 메일을 수신차단 해제하였습니다.", action: dsn.ActionFailed, notWant: Filtered},
		{name: "intro only", status: "5.0.0", diag: "님께 보낸 메일이 전송되지 못하였습니다.", action: dsn.ActionFailed, notWant: Filtered},
	})
}
