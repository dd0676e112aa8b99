//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/internal/proc"
	"github.com/bounce-milter/bounce-milter/milter"
)

// loadMessage is one message of the load test.
type loadMessage struct {
	id      string
	from    string
	raw     []byte
	stamps  []milter.HeaderField // what the engine says, for bounces
	bounce  bool
	hostile bool
}

// hostileMessages are candidates built to hurt: larger than the body
// bound, nested deeper than the decoder reads, and broken MIME.
func hostileMessages(n int) []loadMessage {
	var out []loadMessage
	huge := func(id string) []byte {
		var b bytes.Buffer
		b.WriteString("X-E2E-Id: " + id + "\nFrom: MAILER-DAEMON@example.net\nTo: bmtest@localhost\nSubject: Undelivered Mail Returned to Sender\n" +
			"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <" + id + "@example.net>\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"H\"\n\n--H\nContent-Type: text/plain\n\n")
		line := strings.Repeat("x", 76) + "\n"
		for b.Len() < 12<<20 { // past the 10 MiB body bound
			b.WriteString(line)
		}
		b.WriteString("--H--\n")
		return b.Bytes()
	}
	nested := func(id string) []byte {
		var b bytes.Buffer
		b.WriteString("X-E2E-Id: " + id + "\nFrom: MAILER-DAEMON@example.net\nTo: bmtest@localhost\nSubject: failure notice\n" +
			"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <" + id + "@example.net>\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; boundary=\"b0\"\n\n")
		const depth = 300
		for i := 1; i <= depth; i++ {
			fmt.Fprintf(&b, "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i-1, i)
		}
		fmt.Fprintf(&b, "--b%d\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@example.com\nAction: failed\nStatus: 5.1.1\n\n", depth)
		for i := depth; i >= 0; i-- {
			fmt.Fprintf(&b, "--b%d--\n", i)
		}
		return b.Bytes()
	}
	broken := func(id string) []byte {
		return []byte("X-E2E-Id: " + id + "\nFrom: postmaster@example.net\nTo: bmtest@localhost\nSubject: Delivery Status Notification (Failure)\n" +
			"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <" + id + "@example.net>\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\n\n--\nContent-Type: message/delivery-status\n" +
			"Content-Transfer-Encoding: base64\n\n@@@not base64@@@\n=?broken?=\nFinal-Recipient: rfc822;\nStatus: 9.9.9.9\n" +
			"--missing-close\nContent-Type: text/rfc822-headers; charset=no-such-charset\n\n\xff\xfe\x00binary\n")
	}
	for i := 0; i < n; i++ {
		id := "hostile-" + strconv.Itoa(i)
		var raw []byte
		switch i % 3 {
		case 0:
			raw = nested(id)
		case 1:
			raw = broken(id)
		case 2:
			if i%30 == 2 { // huge ones are few: 12 MiB each
				raw = huge(id)
			} else {
				raw = broken(id)
			}
		}
		out = append(out, loadMessage{id: id, from: "", raw: raw, hostile: true})
	}
	return out
}

// procStat returns a process's CPU time (user+system) and resident and
// peak resident memory.
func procStat(t testing.TB, pid int) (cpu time.Duration, rss, hwm int64) {
	t.Helper()
	cpu, err := proc.CPU(pid)
	require.NoError(t, err)
	rss, hwm, err = proc.Memory(pid)
	require.NoError(t, err)
	return cpu, rss, hwm
}

// TestLoad sends BM_E2E_LOAD messages (default 300; nine ordinary ones for
// every bounce, and hostile ones in the mix) through Postfix from several
// concurrent SMTP clients: every message is delivered, every bounce is
// stamped as the engine says, no client sees a temporary failure, and the
// milter's memory stays bounded.
func TestLoad(t *testing.T) {
	total := 300
	if v := os.Getenv("BM_E2E_LOAD"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "BM_E2E_LOAD")
		total = n
	}
	const clients = 8
	dir := resetMaildir(t, mailUser)

	// the corpus bounces the engine stamps
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	require.NoError(t, err)
	type corpusMsg struct {
		name string
		raw  []byte
	}
	var corpus []corpusMsg
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		corpus = append(corpus, corpusMsg{filepath.Base(f), raw})
	}
	hostile := hostileMessages(max(3, total/100))
	var ordinaryNames []string
	for name := range ordinaryMessages {
		ordinaryNames = append(ordinaryNames, name)
	}
	var msgs []loadMessage
	nb := 0
	for i := 0; len(msgs) < total-len(hostile); i++ {
		id := "load-" + strconv.Itoa(i)
		if i%10 == 0 {
			c := corpus[nb%len(corpus)]
			nb++
			raw := withID(id, c.raw)
			msgs = append(msgs, loadMessage{id: id, raw: raw, stamps: expected(raw), bounce: true})
			continue
		}
		raw := withID(id, []byte(ordinaryMessages[ordinaryNames[i%len(ordinaryNames)]]))
		msgs = append(msgs, loadMessage{id: id, from: "alice@example.org", raw: raw})
	}
	// spread the hostile ones through the run
	for i, h := range hostile {
		at := min(len(msgs), (i+1)*len(msgs)/(len(hostile)+1))
		msgs = append(msgs[:at], append([]loadMessage{h}, msgs[at:]...)...)
	}

	pid := env.milter.cmd.Process.Pid
	cpu0, rss0, _ := procStat(t, pid)
	start := time.Now()
	work := make(chan loadMessage)
	errs := make(chan error, len(msgs))
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent := 0
			cl, err := smtpDial(env.postfix.port)
			if err != nil {
				errs <- err
				for range work {
				}
				return
			}
			for m := range work {
				if err := smtpTransaction(cl, m.from, []string{mailUser + "@localhost"}, m.raw); err != nil {
					errs <- fmt.Errorf("%s: %w", m.id, err)
					_ = cl.Reset()
				}
				if sent++; sent%25 == 0 { // new sessions now and then
					_ = cl.Quit()
					if cl, err = smtpDial(env.postfix.port); err != nil {
						errs <- err
						for range work {
						}
						return
					}
				}
			}
			_ = cl.Quit()
		}()
	}
	for _, m := range msgs {
		work <- m
	}
	close(work)
	wg.Wait()
	sendTime := time.Since(start)
	close(errs)
	for err := range errs {
		t.Errorf("SMTP: %v (no message may be refused or deferred)", err)
	}
	require.False(t, t.Failed())

	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.id
	}
	got := byID(t, dir, ids, 10*time.Minute)
	allTime := time.Since(start)
	cpu1, rss1, hwm := procStat(t, pid)

	bounces, stamped := 0, 0
	for _, m := range msgs {
		d := got[m.id]
		switch {
		case m.bounce:
			bounces++
			g := d.stamps()
			if assert.Len(t, g, len(m.stamps), m.id) {
				for i := range g {
					assert.Equal(t, unfold(m.stamps[i].Value), unfold(g[i].Value), m.id)
				}
			}
			if len(g) > 0 {
				stamped++
			}
		case !m.hostile:
			assert.Empty(t, d.stamps(), m.id)
			assert.True(t, bytes.HasSuffix(d.raw, m.raw), "%s: unchanged", m.id)
		}
	}
	metrics := scrape(t)
	failOpen := 0.0
	for _, line := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(line, "bounce_milter_fail_open_total{") {
			v, _ := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
			failOpen += v
		}
	}
	report := fmt.Sprintf("load: %d messages (%d bounces, %d stamped; %d hostile) from %d SMTP clients through Postfix\n"+
		"  sent in %s (%.0f msg/s accepted by Postfix), all delivered in %s (%.0f msg/s end to end)\n"+
		"  milter CPU %s (%.1f µs per message), RSS %d MiB before, %d MiB after, peak %d MiB; fail-open events %v\n",
		len(msgs), bounces, stamped, len(hostile), clients,
		sendTime.Round(time.Millisecond), float64(len(msgs))/sendTime.Seconds(), allTime.Round(time.Millisecond), float64(len(msgs))/allTime.Seconds(),
		(cpu1 - cpu0).Round(time.Millisecond), float64((cpu1-cpu0).Microseconds())/float64(len(msgs)), rss0>>20, rss1>>20, hwm>>20, failOpen)
	t.Log(report)
	if p := os.Getenv("BM_E2E_REPORT"); p != "" {
		require.NoError(t, os.WriteFile(p, []byte(report), 0o644))
	}
	assert.Equal(t, bounces, stamped, "every bounce stamped")
	assert.Less(t, hwm, int64(512<<20), "the milter's memory stays bounded")
}

// scrape returns the milter's /metrics.
func scrape(t testing.TB) string {
	t.Helper()
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", env.metricsPort))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}
