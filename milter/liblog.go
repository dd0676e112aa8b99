package milter

import (
	"fmt"
	"log/slog"
	"sync/atomic"

	gomilter "github.com/d--j/go-milter"
)

// go-milter reports what it sees go wrong on a connection (a read or
// write error, a macro request the MTA cannot honour) through one hook per
// process, gomilter.LogWarning, which by default writes to the standard
// log package: past --log-file and --log-format. The milter takes the
// hook over and logs each warning through the Logger of the Filter made
// last, subject to that Filter's log limiter, as one structured line.
var libraryGuard atomic.Pointer[guard]

func init() { gomilter.LogWarning = libraryWarning }

// libraryWarning is gomilter.LogWarning: one go-milter warning.
func libraryWarning(format string, v ...any) {
	detail := fmt.Sprintf(format, v...)
	if g := libraryGuard.Load(); g != nil {
		g.log(slog.LevelWarn, libraryWarningMsg, slog.String("detail", detail))
		return
	}
	slog.Warn(libraryWarningMsg, "detail", detail)
}

// libraryWarningMsg is the message of a go-milter warning's log line.
const libraryWarningMsg = "milter: go-milter warning"
