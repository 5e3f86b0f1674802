package org.robustj.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code training} flags out of a TorchScript {@code data.pkl} without a Python runtime: walks the
 * pickle opcodes (protocols 2 to 4, the ones PyTorch writes), remembers memoized strings, and counts the
 * booleans stored right after the key {@code training}. It only reads; anything it does not understand
 * makes it return null rather than guess.
 */
final class Pickles {
    private Pickles() {}

    /** {@code [true flags, all flags]} of the {@code training} attributes, or null if the pickle is not understood. */
    static int[] trainingFlags(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, String> memo = new HashMap<>();
        String last = null; // the string on top of the stack, if the last push was one
        long nextMemo = 0;
        int on = 0;
        int all = 0;
        while (buf.hasRemaining()) {
            int op = buf.get() & 0xFF;
            String pushed = null;
            switch (op) {
                case 0x80: buf.get(); break; // PROTO
                case 0x95: buf.getLong(); break; // FRAME
                case 'c': line(buf); line(buf); break; // GLOBAL
                case 'q': memo.put((long) (buf.get() & 0xFF), last); pushed = last; break; // BINPUT
                case 'r': memo.put(buf.getInt() & 0xFFFFFFFFL, last); pushed = last; break; // LONG_BINPUT
                case 0x94: memo.put(nextMemo++, last); pushed = last; break; // MEMOIZE
                case 'h': pushed = memo.get((long) (buf.get() & 0xFF)); break; // BINGET
                case 'j': pushed = memo.get(buf.getInt() & 0xFFFFFFFFL); break; // LONG_BINGET
                case 'X': pushed = text(buf, buf.getInt()); break; // BINUNICODE
                case 0x8c: pushed = text(buf, buf.get() & 0xFF); break; // SHORT_BINUNICODE
                case 0x8d: pushed = text(buf, (int) buf.getLong()); break; // BINUNICODE8
                case 'T': case 'B': skip(buf, buf.getInt()); break; // BINSTRING, BINBYTES
                case 'U': case 'C': skip(buf, buf.get() & 0xFF); break; // SHORT_BINSTRING, SHORT_BINBYTES
                case 0x8a: skip(buf, buf.get() & 0xFF); break; // LONG1
                case 0x8b: skip(buf, buf.getInt()); break; // LONG4
                case 'J': buf.getInt(); break; // BININT
                case 'K': buf.get(); break; // BININT1
                case 'M': buf.getShort(); break; // BININT2
                case 'G': buf.getLong(); break; // BINFLOAT (big-endian, skipped)
                case 0x88: case 0x89: // NEWTRUE, NEWFALSE
                    if ("training".equals(last)) {
                        all++;
                        if (op == 0x88) on++;
                    }
                    break;
                case '.': return new int[] {on, all}; // STOP
                case ')': case 0x81: case '}': case '(': case 'u': case 'b': case 't': case 'R': case 'Q': case 'N':
                case ']': case 'e': case 'a': case 's': case 0x85: case 0x86: case 0x87: case '0': case 'd':
                case 'l': case 0x92: case 0x93: case 0x8f: case 0x90: case 0x91: case '1': case '2':
                    break;
                default:
                    return null;
            }
            // memo operations keep the top of the stack; everything else replaces it
            if (op != 'q' && op != 'r' && op != 0x94) {
                last = pushed;
            }
        }
        return null;
    }

    private static void line(ByteBuffer buf) {
        while (buf.hasRemaining() && buf.get() != '\n') {
            // skip to the end of the line
        }
    }

    private static String text(ByteBuffer buf, int n) {
        byte[] t = new byte[n];
        buf.get(t);
        return new String(t, StandardCharsets.UTF_8);
    }

    private static void skip(ByteBuffer buf, int n) {
        buf.position(buf.position() + n);
    }
}
