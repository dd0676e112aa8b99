package lhost

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// The Japanese text-only notices fml8's bounce parser quotes
// (fmlorg/fml8 Mail/Bounce/Language/Japanese.pm): their intros
// (generic.tsv) and jp-r.ne.jp's address, which only the quoted original's
// To gives (generic_origto.go).
func TestGenericJapaneseNotices(t *testing.T) {
	const head = "Return-Path: <>\r\nFrom: MAILER-DAEMON@mail.example.ne.jp\r\nTo: a@example.co.jp\r\n" +
		"Subject: =?ISO-2022-JP?B?GyRCQXc/LiUoJWkhPBsoQg==?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
	for _, c := range []struct {
		name, body, want string
	}{
		{"jp-r", "送信先E-mailアドレスの不一致です\r\nTo:yuka@jp-r.example.ne.jp\r\nSubject:打ち合わせの件\r\nお世話になっております。\r\n", "yuka@jp-r.example.ne.jp"},
		{"jp-r, To folded", "送信先E-mailアドレスの不一致です\r\nTo:\r\n yuka@jp-r.example.ne.jp\r\nSubject:打ち合わせの件\r\n\r\n", "yuka@jp-r.example.ne.jp"},
		{"pakeo", "あなたが送ろうとしたアドレス「sakura@i.example.ne.jp」は、登録されていません。\r\nもう一度確認して、送信しなおして下さい。\r\n", "sakura@i.example.ne.jp"},
		{"notes ja", "送信エラーレポート\r\n\r\n    件名:        Re: 仕様書の件\r\n\r\n    送信先:      ueda@tokyo.example.co.jp\r\n\r\n    原因:        The peer SMTP host reports that it received bad SMTP command\r\n                 syntax.\r\n", "ueda@tokyo.example.co.jp"},
		// near misses: the quoted To names two addresses, or a Cc another;
		// the quoted header starts far below the intro; no intro at all.
		{"two in To", "送信先E-mailアドレスの不一致です\r\nTo:yuka@jp-r.example.ne.jp, ken@jp-r.example.ne.jp\r\nSubject:打ち合わせの件\r\n", ""},
		{"Cc another", "送信先E-mailアドレスの不一致です\r\nTo:yuka@jp-r.example.ne.jp\r\nCc:ken@example.co.jp\r\nSubject:打ち合わせの件\r\n", ""},
		{"header far below", "送信先E-mailアドレスの不一致です\r\n\r\n一\r\n二\r\n三\r\n四\r\nTo:yuka@jp-r.example.ne.jp\r\nSubject:打ち合わせの件\r\n", ""},
		{"no intro", "お知らせです\r\nTo:yuka@jp-r.example.ne.jp\r\nSubject:打ち合わせの件\r\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(head + c.body))
			if err != nil {
				t.Fatal(err)
			}
			r := (genericDecoder{}).Decode(m)
			if c.want == "" {
				if r != nil && len(r.Recipients) > 0 {
					t.Errorf("want no recipient, got %+v", r.Recipients)
				}
				return
			}
			if r == nil || len(r.Recipients) != 1 || r.Recipients[0].Recipient != c.want {
				t.Fatalf("want %s, got %+v", c.want, r)
			}
		})
	}
}
