package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDiscourseRussianJapaneseIssues: the Russian, Japanese, Korean, Chinese, Turkish and Ukrainian Subjects'
// issues decide, in a report the Discourse decoder read, the reasons of
// their English rows; in another decoder's report they decide nothing.
func TestDiscourseRussianJapaneseIssues(t *testing.T) {
	cases := []struct {
		name, diag string
		want       Reason
	}{
		{"ru, trust level", "Проблема с письмом: недостаточный уровень доверия. У вашего аккаунта нет уровня доверия", Rejected},
		{"ru, reply key", "Проблема с письмом: неизвестный ключ ответа. Ключ ответа в письме недействителен", UserUnknown},
		{"ru, empty", "Проблема с письмом: нет контента. Мы не смогли найти ответ в письме.", ContentError},
		{"ru, blocked", "Проблема с письмом: адрес электронной почты заблокирован. Ответ был отправлен с заблокированного адреса", Rejected},
		{"ja, reply key", "メールの問題 -- 不明な返信キー. メールの返信キーが無効であるか不明であるため", UserUnknown},
		{"ja, too many recipients", "メールの問題 -- 受信者が多すぎます. 5 人以上にメールを送信しようとしたため", SpamDetected},
		{"ja, unrecognized", "メールの問題 -- 認識されないエラー. あなたのメールを処理中に不明なエラーが発生した", SystemError},
		{"ja, auto generated", "メールの問題 -- 自動生成の返信. あなたのメールは「自動生成」とマークされており", ContentError},
		{"ja, bad destination", "メールの問題 -- 不明な To: アドレス. 次のことを確認してください。", UserUnknown},
		{"ko, reply key", "이메일 문제 -- 알 수 없는 답장 키. 이메일의 답장 키가 유효하지 않거나", UserUnknown},
		{"ko, reply to digest", "이메일 문제 -- 요약에 답장. 요약 이메일에 답장하였으나 거부되었습니다.", Rejected},
		{"ko, unrecognized", "이메일 문제 -- 인식되지 않은 오류. 이메일을 처리하는 동안 인식되지 않은 오류가 발생하여", SystemError},
		{"zh, no account", "电子邮件错误 -- 未知账户. 该邮件没有与已知的账户关联。", Rejected},
		{"zh, topic not found", "邮件问题 -- 主题未找到. 你回复的主题不存在了", UserUnknown},
		{"tr, reply key, one dash", "E-posta sorunu - Bilinmeyen Yanıt Anahtarı. E-postadaki yanıt anahtarı geçersiz", UserUnknown},
		{"tr, trust level, two dashes", "E-posta sorunu -- Yetersiz Güven Seviyesi. Hesabınız bu e-posta adresine", Rejected},
		{"uk, topic not found", "Проблема електронної пошти -- Тема не знайдена. Тема, на яку ви відповідаєте, більше не існує", UserUnknown},
		{"uk, unrecognized, en dash", "Проблема електронної пошти – нерозпізнана помилка. Під час обробки вашого листа сталася невідома помилка", SystemError},
		{"zh, post error", "邮件问题 -- 发表错误. 一些可能的原因是：复杂的格式、消息超长、消息太短。", ContentError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact("", tc.diag, "", dsn.ActionFailed)
			r.Decoder = "Discourse"
			v := Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
	// Near misses: the same words in another program's report.
	for _, diag := range []string{"メールの問題 -- 不明な返信キー", "Проблема с письмом: ошибка доступа", "이메일 문제 -- 알 수 없는 답장 키", "电子邮件错误 -- 未知回复指纹", "E-posta sorunu - Bilinmeyen Yanıt Anahtarı"} {
		r, _ := newFact("", diag, "", dsn.ActionFailed)
		require.NotEqual(t, dsn.DecoderName("Discourse"), r.Decoder)
		v := Classify(r)[0]
		assert.NotContains(t, []Reason{UserUnknown, Rejected}, v.Reason, v.Rule)
	}
}
