package lhost_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// koreanNotice is a Korean portal's own notice: Naver's intro on one line
// (https://github.com/thomasJang/axisj/pull/416), or Dooray!'s with every
// word on a line of its own and the address to ask at the end
// (https://github.com/sparcs-kaist/taxi-front/pull/80).
func koreanNotice(body string) string {
	return "Return-Path: <>\nFrom: MAILER-DAEMON@portal.example.kr\nTo: sender@example.com\nSubject: notice\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n" + body
}

// TestGenericKoreanNotices checks that Korean intros wrapped at spaces are
// found, that the address to ask is not a failed recipient, and that the
// same words in a person's mail yield nothing.
func TestGenericKoreanNotices(t *testing.T) {
	naver := "NAVER - http://www.naver.com/\n--------------------------------------------\n\n" +
		"kim@naver.example 님께 보내신 메일 <회의 자료> 이 다음과 같은 이유로 전송 실패했습니다.\n\n" +
		"--------------------------------------------\n\n받는 사람이 회원님의 메일을 수신차단 하였습니다.\n"
	dooray := "메일 발송\n실패 안내\n\nlee@dooray.example\n님께\n보낸\n메일이\n전송되지\n못하였습니다.\n\n실패 사유를 확인해보세요.\n\n" +
		"* 받는 사람 :\nlee@dooray.example\n\n* 실패 사유 :\n\n받는 사람이 회원님의 메일을 수신차단 하였습니다.\n\n" +
		"이 메일은 발신전용으로 회신되지 않습니다.\n더 궁금하신 사항은\nhelp@dooray.example\n으로 문의해 주시기 바랍니다.\n"
	// Near miss: an address followed by other Korean words stays a recipient.
	doorayOther := "park@dooray.example\n님께\n보낸\n메일이\n전송되지\n못하였습니다.\n\nchoi@dooray.example\n으로도 보내지 못했습니다.\n"
	person := "From: Kim <kim@example.kr>\nTo: lee@example.kr\nSubject: 질문\n\n" +
		"lee@dooray.example 님께 보낸 메일이 전송되지 못하였습니다 라는 메일을 받았는데 무슨 뜻인가요?\n"
	for _, tc := range []struct {
		name string
		msg  string
		want []string
	}{
		{"naver", koreanNotice(naver), []string{"kim@naver.example"}},
		{"dooray, words on lines of their own", koreanNotice(dooray), []string{"lee@dooray.example"}},
		{"dooray, CRLF", crlf(koreanNotice(dooray)), []string{"lee@dooray.example"}},
		{"near: another address after the intro", koreanNotice(doorayOther), []string{"park@dooray.example", "choi@dooray.example"}},
		{"a person quoting it", person, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			require.NoError(t, err)
			var got []string
			for _, rc := range r.Recipients {
				got = append(got, rc.Recipient)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
