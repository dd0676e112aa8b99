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

// TestDiscourseDecoderKoreanChinese: the Korean form (address first, the
// title's parenthesis right after it) and the Simplified Chinese one
// (full-width parentheses, ideographic full stop).
func TestDiscourseDecoderKoreanChinese(t *testing.T) {
	checkRegistrySamples(t, []registrySample{
		{
			name: "Korean, an unknown reply key",
			msg: discourseNotice("[Forum] 이메일 문제 -- 알 수 없는 답장 키",
				"reply+0d1f@forum.example.kr(제목: 연회비)에 보낸 이메일 메시지가 거부되었습니다.\n\n이메일의 답장 키가 유효하지 않거나 확인이 불가하여 답장 대상을 파악할 수 없습니다."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "reply+0d1f@forum.example.kr", action: dsn.ActionFailed, diag: "알 수 없는 답장 키. 이메일의 답장 키가"},
			}},
		},
		{
			name: "Chinese, a closed topic",
			msg: discourseNotice("[Forum] 邮件问题 -- 主题已关闭",
				"我们很抱歉，但是你发送至 reply+0d1f@bbs.example.cn（名为 年费）的邮件无法发送。\n\n你回复的主题现在已经被关闭并不再接受回复。"),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "reply+0d1f@bbs.example.cn", action: dsn.ActionFailed, diag: "主题已关闭. 你回复的主题现在"},
			}},
		},
		{
			name: "Chinese, topic not found, (titled",
			msg: discourseNotice("[Forum] 邮件问题 -- 主题未找到",
				"十分抱歉，无法将你的信息发表到 reply+0d1f@bbs.example.cn (titled 年费) 。\n\n你回复的主题不存在了，可能它已被删除？"),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "reply+0d1f@bbs.example.cn", action: dsn.ActionFailed, diag: "主题未找到. 你回复的主题不存在了"},
			}},
		},
	})
	// Near misses: Korean email_reject_attachment (same start, attachments
	// only); a Chinese line with no address; Korean words before the address.
	for _, nm := range []struct{ subject, body string }{
		{"[Forum] 이메일 문제 -- 첨부 파일 거부됨", "reply+0d1f@forum.example.kr(제목: 연회비)에 보낸 이메일 메시지의 첨부 파일 중 일부가 거부되었습니다."},
		{"[Forum] 电子邮件错误 -- 无内容", "我们很抱歉，但是你发送至 论坛（名为 年费）的邮件无法发送。"},
		{"[Forum] 이메일 문제 -- 게시 오류", "안녕하세요 reply+0d1f@forum.example.kr(제목: 연회비)에 보낸 이메일 메시지가 거부되었습니다."},
	} {
		m, err := dsn.ReadMessage([]byte(discourseNotice(nm.subject, nm.body)))
		require.NoError(t, err)
		assert.Nil(t, (discourseDecoder{}).Decode(m), nm.body)
	}
}

// TestDiscourseDecoderTurkishUkrainian: the Turkish form (the title's
// parenthesis opened before it, closed by "başlıklı") and the Ukrainian one.
func TestDiscourseDecoderTurkishUkrainian(t *testing.T) {
	checkRegistrySamples(t, []registrySample{
		{
			name: "Turkish, a closed topic, one dash",
			msg: discourseNotice("[Forum] E-posta sorunu - Konu Kapatıldı",
				"Üzgünüz, ancak yanit+0d1f@forum.example.com.tr (Aidat başlıklı) e-posta mesajınız başarısız oldu.\n\nYanıtladığınız konu şu anda kapalı ve artık yanıt kabul etmiyor."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "yanit+0d1f@forum.example.com.tr", action: dsn.ActionFailed, diag: "Konu Kapatıldı. Yanıtladığınız konu"},
			}},
		},
		{
			name: "Turkish, post action, adresine gönderdiğiniz",
			msg: discourseNotice("[Forum] E-posta sorunu - Geçersiz Gönderi Eylemi",
				"Üzgünüz, ancak yanit+0d1f@forum.example.com.tr adresine gönderdiğiniz e-posta mesajı (Aidat başlıklı) başarısız oldu.\n\nGönderi Eylemi tanınmadı."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "yanit+0d1f@forum.example.com.tr", action: dsn.ActionFailed, diag: "Geçersiz Gönderi Eylemi. Gönderi Eylemi tanınmadı"},
			}},
		},
		{
			name: "Ukrainian, too many recipients, en dash",
			msg: discourseNotice("[Forum] Проблема з електронною поштою – надто багато одержувачів",
				"Вибачте, але ваш лист до vidpovid+0d1f@forum.example.ua (з темою Внески) не опрацьовано.\n\nВи намагалися надіслати електронний лист більш ніж 5 людям."),
			want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
				{addr: "vidpovid+0d1f@forum.example.ua", action: dsn.ActionFailed, diag: "надто багато одержувачів. Ви намагалися"},
			}},
		},
	})
	// Near misses: the Ukrainian and Turkish attachment notices (no lead).
	for _, nm := range []struct{ subject, body string }{
		{"[Forum] Проблема електронної пошти – вкладення відхилено", "На жаль, деякі вкладення у вашому листі до vidpovid+0d1f@forum.example.ua (з темою Внески) було відхилено."},
		{"[Forum] E-posta sorunu - Ek Reddedildi", "Maalesef yanit+0d1f@forum.example.com.tr (Aidat başlıklı) e-posta mesajınızdaki bazı ekler reddedildi."},
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
