package mailtext

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/emersion/go-message/charset"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// charsetNames are names bounces label text with, some that only the
// "cs" or HTML index knows, some go-message maps itself, and unknown ones.
var charsetNames = []string{
	"iso-8859-1", "ISO-8859-2", "iso-8859-15", "windows-1251", "windows-1252", "koi8-r", "koi8-u",
	"gb18030", "gbk", "gb2312", "big5", "euc-kr", "ks_c_5601-1987", "iso-2022-jp", "shift_jis",
	"euc-jp", "utf-16", "utf-16le", "utf-16be", "macintosh", "latin1", "ISOLatin1", "cp1252",
	"ansi_x3.110-1983", "x-utf_8j", "x-nonsense", "",
}

// charsetSamples are texts with every byte, multi-byte characters, and
// characters cut short at the end.
var charsetSamples = func() [][]byte {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	return [][]byte{
		all, nil, []byte("plain"),
		[]byte("\x1b$B$3$s\x1b(B ok \x1b$B$3"), []byte("\x82\xb1\x82\xf1\x82"), []byte("\xa4\xb3\xa4"),
		[]byte("\xff\xfea\x00b\x00\x00"), []byte("\xb0\xa1\x81\x30\x81"),
	}
}()

// goMessageDecode is what reading charset.Reader to the end yields.
func goMessageDecode(name string, src []byte, end error) ([]byte, error) {
	r, err := charset.Reader(name, io.MultiReader(bytes.NewReader(src), iotest.ErrReader(end)))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func TestCharsetDecoderAgreesWithGoMessage(t *testing.T) {
	for _, name := range charsetNames {
		for _, end := range []error{io.EOF, io.ErrUnexpectedEOF} {
			for _, src := range charsetSamples {
				want, wantErr := goMessageDecode(name, src, end)
				dec := CharsetDecoder(name)
				if dec == nil {
					continue // left to charset.Reader
				}
				require.NoError(t, func() error {
					if _, err := charset.Reader(name, nil); err != nil {
						return errors.New("go-message does not know " + name)
					}
					return nil
				}())
				got, truncated, err := Transcode(dec, src, end, 1<<20)
				if err == io.EOF {
					err = nil
				}
				assert.False(t, truncated)
				assert.Equal(t, string(want), string(got), "%s %q %v", name, src, end)
				assert.Equal(t, wantErr, err, "%s %q %v", name, src, end)
				if end == io.EOF {
					whole, err := DecodeCharset(CharsetDecoder(name), src)
					assert.Equal(t, string(want), string(whole), "%s %q", name, src)
					assert.Equal(t, wantErr, err, "%s %q", name, src)
				}
			}
		}
	}
	for _, name := range []string{"ansi_x3.110-1983", "x-utf_8j", "x-nonsense"} {
		assert.Nil(t, CharsetDecoder(name), name)
	}
	assert.NotNil(t, CharsetDecoder("ISO-2022-JP"))
}

func TestTranscodeLimit(t *testing.T) {
	src := []byte("caf\xe9 caf\xe9")
	got, truncated, err := Transcode(CharsetDecoder("iso-8859-1"), src, io.EOF, 4)
	assert.Equal(t, "caf\xc3", string(got))
	assert.True(t, truncated)
	assert.NoError(t, err)
	got, truncated, _ = Transcode(CharsetDecoder("iso-8859-1"), src, io.EOF, 12)
	assert.Equal(t, "caf\u00e9 caf\u00e9", string(got))
	assert.False(t, truncated)
}

func FuzzTranscode(f *testing.F) {
	for _, s := range charsetSamples {
		f.Add(s, uint8(0), false)
	}
	f.Fuzz(func(t *testing.T, src []byte, which uint8, cut bool) {
		name := charsetNames[int(which)%len(charsetNames)]
		dec := CharsetDecoder(name)
		if dec == nil {
			return
		}
		end := io.EOF
		if cut {
			end = io.ErrUnexpectedEOF
		}
		want, wantErr := goMessageDecode(name, src, end)
		got, _, err := Transcode(dec, src, end, 1<<20)
		if err == io.EOF {
			err = nil
		}
		if string(got) != string(want) || err != wantErr {
			t.Fatalf("%s %q: got %q, %v; want %q, %v", name, src, got, err, want, wantErr)
		}
	})
}

// Made-up charset names, and known ones with spaces around them, never
// grow CharsetDecoder's cache: its keys stay the indexes' own names.
func TestCharsetDecoderCacheBounded(t *testing.T) {
	size := func() int {
		n := 0
		charsetEncodings.Range(func(any, any) bool { n++; return true })
		return n
	}
	require.NotNil(t, CharsetDecoder("UTF-8"))
	before := size()
	for i := range 2000 {
		assert.Nil(t, CharsetDecoder(fmt.Sprintf("x-made-up-%d", i)))
		assert.NotNil(t, CharsetDecoder("utf-8"+strings.Repeat(" ", i%50+1)))
	}
	assert.Equal(t, before, size())
}
