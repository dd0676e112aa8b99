package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGromoxL10nTexts: gromox's translated store-error, mailing-list and
// rule-bounce templates (gromox_l10n.tsv), as the gromox decoder gives
// their paragraph.
func TestGromoxL10nTexts(t *testing.T) {
	runFactCases(t, []factCase{
		{name: "zh-CN store error", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您发送到“ops@example.org”的邮件无法被正确投递， 我们的邮件系统出错，请联系系统管理员以解决该问题。", want: SystemError},
		{name: "zh-TW store error", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您發送到“ops@example.org”的郵件無法被正確投遞， 我們的郵件系統出錯，請聯系系統管理員以解決該問題。", want: SystemError},
		{name: "zh-CN list members only", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您没有足够的权限向“all@example.org”这个邮件列表发送邮件， 仅列表内成员才可向该列表发送邮件！ 请联系管理员并取得相应的权限后再尝试发送。", want: Rejected},
		{name: "zh-CN list domain only", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您没有足够的权限向“all@example.org”这个邮件列表发送邮件， 仅域内成员才可向该列表发送邮件！", want: Rejected},
		{name: "zh-TW list named senders", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您沒有足夠的權限向“all@example.org”這個郵件列表發送郵件， 僅指定的發件人才可向該列表發送郵件！", want: Rejected},
		{name: "ja list members only", status: "5.0.0", action: dsn.ActionFailed,
			diag: "メールリストにあるメンバーではない場合、\"all@example.org\"のメールリストへの 送信権限がありません。システム管理員から該当送信権限を取得して 頂いたら、再度メール送信をお願いします。", want: Rejected},
		{name: "ja list domain only", status: "5.0.0", action: dsn.ActionFailed,
			diag: "ドメインのメンバーではない場合、\"all@example.org\"のメールリストへの送信権限が ありません。", want: Rejected},
		{name: "en rule bounce, generic", status: "5.0.0", action: dsn.ActionFailed,
			diag: "your message to \"ops@example.org\" has been be refused by some reason!", want: Rejected},
		{name: "zh-CN rule bounce, generic", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您发送到“ops@example.org”的邮件无法被正确投递， 系统因为某些原因拒绝您了的邮件！", want: Rejected},
		{name: "zh-TW rule bounce, generic", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您發送到“ops@example.org”的郵件無法被正確投遞， 系統因為某些原因拒絕了您的郵件！", want: Rejected},
		{name: "en rule bounce, cannot display", status: "5.0.0", action: dsn.ActionFailed,
			diag: "Your message to \"ops@example.org\" can not be displayed to the user.", want: ContentError},
		{name: "zh-CN rule bounce, cannot display", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您发送到“ops@example.org”的邮件无法被正确呈现！", want: ContentError},
		{name: "zh-TW rule bounce, cannot display", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您發送到“ops@example.org”的郵件無法被正確呈現！", want: ContentError},
	})
	// Near misses: a full mailbox in the same template keeps its reason;
	// a mail system's name without "error" and a list named without the
	// refusal decide nothing of these.
	runFactNearMisses(t, []factNearMiss{
		{name: "zh mailbox full stays", status: "5.0.0", action: dsn.ActionFailed,
			diag: "很抱歉通知您，您发送到“ops@example.org”的邮件无法被正确投递， 因为收件人邮箱已满，无法再接收任何邮件。", notWant: SystemError},
		{name: "zh mail system without error", status: "5.0.0", action: dsn.ActionFailed,
			diag: "我们的邮件系统已升级", notWant: SystemError},
		{name: "zh list named, no refusal", status: "5.0.0", action: dsn.ActionFailed,
			diag: "您可以向该列表发送邮件", notWant: Rejected},
		{name: "ja list named, no refusal", status: "5.0.0", action: dsn.ActionFailed,
			diag: "メールリストへの送信が完了しました", notWant: Rejected},
		{name: "zh delivered, not rendered words", status: "5.0.0", action: dsn.ActionFailed,
			diag: "您的邮件已被正确投递", notWant: ContentError},
		{name: "en displayed fine", status: "5.0.0", action: dsn.ActionFailed,
			diag: "Your message can be displayed to the user", notWant: ContentError},
	})
}
