package export

import (
	"strconv"
	"strings"

	"github.com/samling-go/samling/model"
)

// The Markdown safety rule: every user text written into Markdown goes
// through mdText (one line: a heading, a table cell, a list item's first
// line) or mdBlock (a paragraph of several lines), and every link through
// mdLink. The escapes are CommonMark's backslash escapes, so a renderer
// shows the text as it was typed, and nothing in it opens markup: no
// heading, emphasis, code, HTML tag or entity, link, image, table cell or
// list.

// mdInline escapes the ASCII punctuation that opens inline markup or an
// HTML tag or entity anywhere on a line, and the table pipe.
var mdInline = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "&", `\&`, "|", `\|`, "~", `\~`, "#", `\#`,
)

var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// mdText returns s as Markdown text on one line: line breaks become
// spaces, and what would open markup is escaped. It is safe at the start
// of a line, in a heading and in a table cell.
func mdText(s string) string { return mdLineStart(mdInline.Replace(lineBreaks.Replace(s))) }

// mdBlock returns a paragraph of several lines as Markdown, each line
// escaped as by mdText and indented by indent after the first, so that it
// stays inside the list item it continues. Blank lines are kept as line
// breaks inside the paragraph, never as the end of the item.
func mdBlock(s, indent string) string {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		out = append(out, mdLineStart(mdInline.Replace(l)))
	}
	return strings.Join(out, "\n"+indent)
}

// mdLineStart escapes what opens a block at the start of a line: a list
// marker ("-", "+", "1.", "1)"), a thematic break or setext underline
// ("=", "-"), a block quote (already escaped) or leading spaces that would
// make a code block.
func mdLineStart(s string) string {
	s = strings.TrimLeft(s, " \t")
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return `\` + s
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// LinkAllowed reports whether a link may be written into an export as a
// link: an absolute http, https or mailto URL. The same rule refuses other
// links when an attachment is recorded ([model.CheckLink]).
func LinkAllowed(link string) bool { return model.CheckLink("Link", link) == nil }

// mdLink returns a link as a Markdown autolink when its scheme is allowed
// and it has nothing that would end the autolink, and as escaped text
// otherwise.
func mdLink(link string) string {
	if LinkAllowed(link) && !strings.ContainsAny(link, "<> \t\r\n") {
		return "<" + link + ">"
	}
	return mdText(link)
}

// numbers writes counts, decimals and rates as the language writes them.
type numbers struct{ lang model.Lang }

// percent returns part of whole in whole per cent, rounded half up
// (5/8 is 63 %), with a space before the sign; "–" when whole is 0.
func (n numbers) percent(part, whole int) string {
	if whole <= 0 {
		return "–"
	}
	return strconv.Itoa(model.Percent(part, whole)) + " %"
}

// decimal returns x with one decimal, with a decimal comma in Swedish.
func (n numbers) decimal(x float64) string { return n.float(x, 1) }

// value returns an observed value as short as it reads, with a decimal
// comma in Swedish.
func (n numbers) value(x float64) string { return n.float(x, -1) }

// float returns x with prec decimals (-1: as few as it needs), with a
// decimal comma in Swedish.
func (n numbers) float(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if n.lang != model.English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// count returns "1 version", "2 versioner": a count with its noun in the
// singular or the plural.
func (n numbers) count(k int, w noun) string {
	form := w.plural
	if k == 1 {
		form = w.one
	}
	return strconv.Itoa(k) + " " + form.In(n.lang)
}

// noun is a noun in the singular and the plural, in both languages.
type noun struct{ one, plural model.Label }

var (
	nounVersion  = noun{model.Label{SV: "version", EN: "version"}, model.Label{SV: "versioner", EN: "versions"}}
	nounProposal = noun{model.Label{SV: "förslag", EN: "proposal"}, model.Label{SV: "förslag", EN: "proposals"}}
	nounOrg      = noun{model.Label{SV: "organisation", EN: "organisation"}, model.Label{SV: "organisationer", EN: "organisations"}}
	nounGroup    = noun{model.Label{SV: "grupp", EN: "group"}, model.Label{SV: "grupper", EN: "groups"}}
	nounMeasure  = noun{model.Label{SV: "åtgärd", EN: "measure"}, model.Label{SV: "åtgärder", EN: "measures"}}
	nounDecision = noun{model.Label{SV: "beslut", EN: "decision"}, model.Label{SV: "beslut", EN: "decisions"}}
	nounRound    = noun{model.Label{SV: "remiss- eller samrådsomgång", EN: "consultation round"}, model.Label{SV: "remiss- och samrådsomgångar", EN: "consultation rounds"}}
	nounMeeting  = noun{model.Label{SV: "möte", EN: "meeting"}, model.Label{SV: "möten", EN: "meetings"}}
	nounPart     = noun{model.Label{SV: "deltagare", EN: "participant"}, model.Label{SV: "deltagare", EN: "participants"}}
)
