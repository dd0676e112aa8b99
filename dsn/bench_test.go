package dsn_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // the charsets ParseBytes knows

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// corpusMessages reads the corpus's bsd/ messages.
func corpusMessages(b *testing.B) [][]byte {
	files, err := filepath.Glob("../testdata/corpus/bsd/*.eml")
	if err != nil || len(files) == 0 {
		b.Fatal("no corpus: ", err)
	}
	msgs := make([][]byte, len(files))
	for i, f := range files {
		if msgs[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	return msgs
}

// BenchmarkGoMessageParse is the baseline of BenchmarkParseCorpus and
// classify's BenchmarkClassifyCorpus: go-message's own parse of the same
// messages, every part's header and decoded body read (message.Read, then
// Walk, each body copied to io.Discard), nothing decided.
func BenchmarkGoMessageParse(b *testing.B) {
	msgs := corpusMessages(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e, err := message.Read(bytes.NewReader(msgs[i%len(msgs)]))
		if e == nil {
			continue // not a message go-message reads (err says why)
		}
		_ = e.Walk(func(_ []int, part *message.Entity, err error) error {
			if err == nil && part.MultipartReader() == nil {
				_, _ = io.Copy(io.Discard, part.Body)
			}
			return nil
		})
		_ = err
	}
}

// BenchmarkParseCorpus decodes every message of the corpus once per
// iteration and reports the cost per message.
func BenchmarkParseCorpus(b *testing.B) {
	msgs := corpusMessages(b)
	size := 0
	for _, m := range msgs {
		size += len(m)
	}
	b.SetBytes(int64(size / len(msgs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dsn.ParseBytes(msgs[i%len(msgs)], lhost.Registry()); err != nil {
			b.Fatal(err)
		}
	}
}
