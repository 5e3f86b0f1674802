package org.robustj.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagDocsTest {
    @Test
    void everySanityCheckHasAnExplanation() {
        for (String check : new String[] {"randomized-defense", "softmax-output", "zero-gradient", "number-of-classes",
            "square-beats-gradient", "certified-not-robust", "smoothed-differs"}) {
            String html = FlagDocs.html(check);
            assertNotNull(html, "docs/evaluation-flags.md has no section '" + check + "'");
            assertTrue(html.contains("<p>"), html);
        }
        assertNull(FlagDocs.html("no-such-check"));
    }

    @Test
    void markdownSubsetBecomesParagraphsListsAndCode() {
        Map<String, String> s = FlagDocs.parse("# Title\nintro\n## a\n**Check:** one `x` two\n**Why:** <b>\n\n- i1\n- i2\n"
                + "## b\ntext [link](http://example.org)\n");
        assertEquals("**Check:** one `x` two\n**Why:** <b>\n\n- i1\n- i2", s.get("a"));
        String html = FlagDocs.markdown(s.get("a"));
        assertEquals("<p><strong>Check:</strong> one <code>x</code> two</p>\n<p><strong>Why:</strong> &lt;b&gt;</p>\n"
                + "<ul>\n<li>i1</li>\n<li>i2</li>\n</ul>\n", html);
        assertEquals("<p>text link</p>\n", FlagDocs.markdown(s.get("b")));
    }
}
