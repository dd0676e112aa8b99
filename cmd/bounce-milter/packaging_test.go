package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// packaged is one file of packaging/nfpm.yaml's contents.
type packaged struct{ src, dst, typ string }

// nfpmContents reads the contents list of packaging/nfpm.yaml.
func nfpmContents(t *testing.T) []packaged {
	t.Helper()
	b, err := os.ReadFile("../../packaging/nfpm.yaml")
	require.NoError(t, err)
	var out []packaged
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "- src: "):
			out = append(out, packaged{src: strings.TrimPrefix(line, "- src: ")})
		case strings.HasPrefix(line, "dst: ") && len(out) > 0:
			out[len(out)-1].dst = strings.TrimPrefix(line, "dst: ")
		case strings.HasPrefix(line, "type: ") && len(out) > 0:
			out[len(out)-1].typ = strings.TrimPrefix(line, "type: ")
		}
	}
	require.NotEmpty(t, out)
	return out
}

func dstOf(t *testing.T, contents []packaged, src string) packaged {
	t.Helper()
	for _, c := range contents {
		if c.src == src {
			return c
		}
	}
	t.Fatalf("packaging/nfpm.yaml does not package %s", src)
	return packaged{}
}

// The unit, the package, the man page and serve's defaults name the same
// paths: the binary the unit starts is the one the package installs, the
// config it reads is the package's conffile, and its StateDirectory is the
// default spool.
func TestPackageUnitAgree(t *testing.T) {
	contents := nfpmContents(t)
	unitBytes, err := os.ReadFile("../../contrib/systemd/bounce-milter.service")
	require.NoError(t, err)
	unit := map[string][]string{}
	for _, line := range strings.Split(string(unitBytes), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			unit[k] = append(unit[k], v)
		}
	}
	require.Len(t, unit["ExecStart"], 1)
	exec := strings.Fields(unit["ExecStart"][0])
	assert.Equal(t, dstOf(t, contents, "bin/deb/bounce-milter").dst, exec[0], "the unit starts the packaged binary")
	assert.Equal(t, []string{"serve", "--config", packagedConfig}, exec[1:], "the unit serves with the packaged config")
	conf := dstOf(t, contents, "contrib/bounce-milter.conf")
	assert.Equal(t, packagedConfig, conf.dst)
	assert.Equal(t, "config|noreplace", conf.typ, "the config is a conffile an upgrade keeps")
	unitDst := dstOf(t, contents, "contrib/systemd/bounce-milter.service").dst
	assert.Equal(t, []string{"bounce-milter"}, unit["StateDirectory"])
	assert.Equal(t, "/var/lib/"+unit["StateDirectory"][0], defaultSpoolDir, "the unit's StateDirectory is serve's default spool")
	assert.Equal(t, []string{"yes"}, unit["DynamicUser"])
	assert.Equal(t, "/usr/share/man/man8/bounce-milter.8.gz", dstOf(t, contents, "bin/deb/bounce-milter.8.gz").dst)

	var man strings.Builder
	manPage(&man)
	for _, p := range []string{unitDst, packagedConfig, defaultSpoolDir} {
		assert.Contains(t, man.String(), ".B "+roffLiteral(p)+"\n", "the man page's FILES name %s", p)
	}
	for _, c := range contents {
		if !strings.HasPrefix(c.src, "bin/") {
			_, err := os.Stat(filepath.Join("../..", c.src))
			assert.NoError(t, err, "packaged file %s", c.src)
		}
	}
}

// Every contrib file is in the package: the recipes and examples under
// /usr/share/doc/bounce-milter/contrib/, the unit and the config where they
// act.
func TestPackageHoldsContrib(t *testing.T) {
	contents := nfpmContents(t)
	srcs := map[string]bool{}
	for _, c := range contents {
		srcs[c.src] = true
		if strings.HasPrefix(c.dst, "/usr/share/doc/bounce-milter/contrib/") {
			assert.Equal(t, "/usr/share/doc/bounce-milter/"+c.src, c.dst)
		}
	}
	require.NoError(t, filepath.WalkDir("../../contrib", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("../..", path)
		assert.True(t, srcs[rel], "%s is not in packaging/nfpm.yaml", rel)
		return nil
	}))
}

// The config file the package installs is read by serve as it is, and
// each setting it shows commented out is read too once uncommented.
func TestPackagedConfigParses(t *testing.T) {
	path := "../../contrib/bounce-milter.conf"
	o, _, err := parseServeArgs([]string{"--config", path}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "inet:127.0.0.1:10025", o.listen)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	setting := regexp.MustCompile(`^#([a-z][a-z-]+) = (.+)$`)
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		m := setting.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n++
		one := filepath.Join(t.TempDir(), "one.conf")
		require.NoError(t, os.WriteFile(one, []byte(m[1]+" = "+m[2]+"\n"), 0o600))
		_, fl, err := parseServeArgs([]string{"--config", one}, io.Discard)
		if assert.NoError(t, err, "%s", line) {
			assert.NotNil(t, fl.Lookup(m[1]))
		}
	}
	assert.Greater(t, n, 5, "the commented settings")
}

// The MTA lines the README and docs/milter.md show are contrib's.
func TestDocsShowContribLines(t *testing.T) {
	mc, err := os.ReadFile("../../contrib/sendmail/bounce-milter.mc")
	require.NoError(t, err)
	sendmail := regexp.MustCompile("(?m)^INPUT_MAIL_FILTER\\(.*$").FindString(string(mc))
	require.NotEmpty(t, sendmail)
	maincf, err := os.ReadFile("../../contrib/postfix/main.cf")
	require.NoError(t, err)
	for _, doc := range []string{"../../README.md", "../../docs/milter.md"} {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		text := string(b)
		for _, line := range regexp.MustCompile("(?m)^INPUT_MAIL_FILTER\\(.*$").FindAllString(text, -1) {
			assert.Equal(t, sendmail, line, "%s: the Sendmail line is contrib/sendmail/bounce-milter.mc's", doc)
		}
		for _, line := range regexp.MustCompile(`(?m)^(smtpd_milters|non_smtpd_milters|milter_protocol|milter_default_action|internal_mail_filter_classes) = .*$`).FindAllString(text, -1) {
			setting, _, _ := strings.Cut(line, "#")
			assert.Contains(t, string(maincf), "\n"+strings.TrimSpace(setting)+"\n", "%s: a Postfix line of contrib/postfix/main.cf", doc)
		}
	}
}
