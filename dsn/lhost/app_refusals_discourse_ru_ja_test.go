package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDiscourseDecoderRussianJapanese: Discourse's email_reject_*
// templates in Russian (server.ru.yml) and Japanese (server.ja.yml, whose
// first line starts with the address).
func TestDiscourseDecoderRussianJapanese(t *testing.T) {
	checkRegistrySamples(t, []registrySample{
		{
			name: "Russian, an unknown reply key",
			msg: discourseNotice("=?utf-8?b?W9Ck0L7RgNGD0LxdINCf0YDQvtCx0LvQtdC80LAg0YEg0L/QuNGB0YzQvNC+0Lw6INC90LXQuNC30LLQtdGB0YLQvdGL0Lkg0LrQu9GO0Ycg0L7RgtCy0LXRgtCw?=",
				"Ваше письмо, отправленное на адрес replies+0d1f@forum.example.ru (озаглавленное как Взносы), не опубликовано.\n\nКлюч ответа в письме недействителен или неизвестен."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "replies+0d1f@forum.example.ru", action: dsn.ActionFailed, diag: "неизвестный ключ ответа. Ключ ответа в письме"},
			}},
		},
		{
			name: "Japanese, a closed topic, (件名: 「",
			msg: discourseNotice("[Forum] メールの問題 -- トピックがクローズされています",
				"reply+0d1f@forum.example.jp へのメールメッセージ (件名: 「年会費」) は送信されませんでした。\n\n返信しようとしているトピックは現在クローズされており、返信を受け付けていません。"),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "reply+0d1f@forum.example.jp", action: dsn.ActionFailed, diag: "トピックがクローズされています. 返信しようとしている"},
			}},
		},
		{
			name: "Japanese, parsing, title without brackets",
			msg: discourseNotice("[Forum] メールの問題 -- コンテンツが認識されません",
				"reply+0d1f@forum.example.jp へのメールメッセージ (件名: 年会費) は処理されませんでした。\n\nメールに返信が見つかりませんでした。"),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "reply+0d1f@forum.example.jp", action: dsn.ActionFailed, diag: "コンテンツが認識されません. メールに返信"},
			}},
		},
	})
	// Near misses: Japanese email_reject_attachment starts with words before
	// the address; a Japanese Subject over a line that is no address; a
	// Russian attachment-like line without the lead.
	for _, nm := range []struct{ subject, body string }{
		{"[Forum] メールの問題 -- 添付ファイルは拒否されました", "残念ながら、reply+0d1f@forum.example.jp へのメールメッセージ (件名:「年会費」) に含まれる添付ファイルは拒否されました。"},
		{"[Forum] メールの問題 -- 投稿エラー", "お問い合わせ窓口 へのメールメッセージ (件名: 年会費) は処理されませんでした。"},
		{"[Forum] メールの問題 -- 投稿エラー", "宛先 reply+0d1f@forum.example.jp へのメールメッセージ (件名: 年会費) は処理されませんでした。"},
		{"[Форум] Проблема с письмом: вложение отклонено", "К сожалению, вложения в письме на адрес replies+0d1f@forum.example.ru (озаглавленное как Взносы) отклонены."},
	} {
		m, err := dsn.ReadMessage([]byte(discourseNotice(nm.subject, nm.body)))
		require.NoError(t, err)
		assert.Nil(t, (discourseDecoder{}).Decode(m), nm.body)
	}
}

func TestDiscourseBareAddress(t *testing.T) {
	for s, want := range map[string]bool{
		"reply+0d1f@forum.example.jp":       true,
		"残念ながら、reply+0d1f@forum.example.jp": false,
		"宛先 reply@forum.example.jp":         false,
		"@forum.example.jp":                 false,
		"reply@":                            false,
		"a@b@c":                             false,
		"":                                  false,
	} {
		assert.Equal(t, want, discourseBareAddress(s), s)
	}
}
