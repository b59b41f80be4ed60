package dev.homewire.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void plainValuesPassUnchanged() {
        String id = "1bd5d003-31b9-476f-ad03-71d471922820";
        assertSame(id, LogSafe.value(id));
        assertNull(LogSafe.value((String) null));
        assertEquals("Küche 😀", LogSafe.value("Küche 😀"));
    }

    @Test
    void lineBreaksAndControlCharactersAreEscaped() {
        assertEquals("m-1\\n2026-01-01 INFO forged", LogSafe.value("m-1\n2026-01-01 INFO forged"));
        assertEquals("a\\r\\tb\\\\c\\u0000\\u001B[31m\\u2028\\u0085", LogSafe.value("a\r\tb\\c\u0000\u001B[31m\u2028\u0085"));
        assertEquals("\\uD800x\\uDC00\\uFFFF", LogSafe.value("\uD800x\uDC00\uFFFF"));
    }

    @Test
    void longValuesAreCutWithACount() {
        String huge = "x".repeat(100_000);
        String safe = LogSafe.value(huge);
        assertEquals("x".repeat(LogSafe.MAX_CHARS) + "…(" + (100_000 - LogSafe.MAX_CHARS) + " more chars)", safe);
        assertEquals("ab…(1 more chars)", LogSafe.value("ab\uD83D\uDE00".substring(0, 3), 2));
        String cutInPair = LogSafe.value("a\uD83D\uDE00b", 2);
        assertTrue(cutInPair.startsWith("a…"), "never half a surrogate pair: " + cutInPair);
        System.out.printf("a 100,000-character value logs as %d characters%n", safe.length());
    }
}
