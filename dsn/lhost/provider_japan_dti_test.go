package lhost

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dtiJapaneseHalf is the Japanese half of DTI's Post.Office notice
// ("Mail System Error - Returned Mail"), as
// http://dream.jp/support/techinfo/mail/error/error05.html quotes it, in
// ISO-2022-JP as the notice is sent:
//
//	このメールは以下の原因により届けることが出来ませんでした:
//	以下の受取人は、相手のメールサーバに拒否されました。 ...
//	    受取人: <ADDR>
//	    原因:   <ADDR> のユーザーは登録されていません
const dtiJapaneseHalf = "\x1b$B$3$N%a!<%k$O0J2<$N860x$K$h$jFO$1$k$3$H$,=PMh$^$;$s$G$7$?\x1b(B:\n\n\x1b$B0J2<$N<u<h?M$O!\"Aj<j$N%a!<%k%5!<%P$K5qH]$5$l$^$7$?!#\x1b(B\n\x1b$B0J2<$N%5!<%P!<$,JV$7$?%(%i!<%a%C%;!<%8$K$O!\"<u<h?M$,5qH]$5$l$?M}M3$,\x1b(B\n\x1b$B4^$^$l$F$$$^$9!#\x1b(B\n\n    \x1b$B<u<h?M\x1b(B: <ken-o@ab.point.ne.jp>\n    \x1b$B860x\x1b(B:   <ken-o@ab.point.ne.jp> \x1b$B$N%f!<%6!<$OEPO?$5$l$F$$$^$;$s\x1b(B\n\n\x1b$B$b$7!\"$3$N%(%i!<%a!<%k$K$4ITL@$JE@$J$I$4$6$$$^$7$?$i\x1b(B\nPostmaster@dti.ne.jp\x1b$B$^$GJV?.$r$*4j$$$7$^$9!#\x1b(B\n"

// TestGenericDTIJapaneseHalf: the Japanese half alone (a copy whose
// English half was cut, a forward keeping the part the reader can read)
// is read by the generic decoder from its rejection sentence, and the
// reason line's words reach the report.
func TestGenericDTIJapaneseHalf(t *testing.T) {
	msg := "From: Mail Administrator <Postmaster@dti.ne.jp>\nTo: sender@example.jp\n" +
		"Subject: Mail System Error - Returned Mail\nMIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" + dtiJapaneseHalf
	testGenericSample(t, "DTI Post.Office notice, Japanese half", msg, false,
		[]genericWant{{addr: "ken-o@ab.point.ne.jp", diag: "のユーザーは登録されていません"}})
	r, err := dsn.ParseBytes([]byte(msg), Registry())
	require.NoError(t, err)
	require.Len(t, r.Recipients, 1, r.Decoder)
	assert.Equal(t, "ken-o@ab.point.ne.jp", r.Recipients[0].Recipient)
}

// TestGenericDTIJapaneseNearMiss: the sentence in a person's own mail is
// no bounce.
func TestGenericDTIJapaneseNearMiss(t *testing.T) {
	testGenericNotBounce(t, "a person quoting DTI's Japanese sentence", "",
		"From: Taro <taro@example.jp>\nTo: help@example.jp\nSubject: =?UTF-8?B?44Ko44Op44O844Oh44O844Or?=\n"+
			"Content-Type: text/plain; charset=UTF-8\n\n"+
			"以下の受取人は、相手のメールサーバに拒否されました。と書かれたメールが届きました。\nken-o@ab.point.ne.jp 宛です。\n")
}
