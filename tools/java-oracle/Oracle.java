// Ground truth for conform's pattern engine: runs patterns x probe strings through
// java.util.regex (matches() for the whole-value rule, find() for the search rule) and writes
// tests/data/patterns/java-oracle.json. See run.sh.
//
// Usage: java Oracle CASES_JSON OUT_JSON [CORPUS_JSON RULE EVERY]...

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

public final class Oracle {
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || (args.length - 2) % 3 != 0) {
            System.err.println("usage: java Oracle CASES_JSON OUT_JSON [CORPUS_JSON RULE EVERY]...");
            System.exit(2);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) new Json(read(args[0])).value();
        List<String> probes = new ArrayList<>();
        for (Object p : (List<?>) spec.get("probes")) probes.add((String) p);

        StringBuilder out = new StringBuilder();
        out.append("{\n  \"generated_by\": \"tools/java-oracle/run.sh\",\n");
        out.append("  \"java_version\": ").append(str(System.getProperty("java.version"))).append(",\n");
        out.append("  \"probes\": [\n");
        for (int i = 0; i < probes.size(); i++) {
            out.append("    ").append(str(probes.get(i))).append(i + 1 < probes.size() ? ",\n" : "\n");
        }
        out.append("  ],\n  \"cases\": [\n");
        List<String> cases = new ArrayList<>();
        for (Object g : (List<?>) spec.get("groups")) {
            Map<?, ?> group = (Map<?, ?>) g;
            String name = (String) group.get("group");
            for (Object p : (List<?>) group.get("patterns")) {
                for (String rule : new String[] {"whole-value", "search"}) {
                    cases.add(run(name, (String) p, rule, probes));
                }
            }
        }
        for (int a = 2; a < args.length; a += 3) {
            Object corpus = new Json(read(args[a])).value();
            String rule = args[a + 1];
            int every = Integer.parseInt(args[a + 2]);
            List<?> entries = (List<?>) corpus;
            String name = "corpus:" + Path.of(args[a]).getFileName();
            for (int i = 0; i < entries.size(); i += every) {
                String pattern = (String) ((Map<?, ?>) entries.get(i)).get("pattern");
                cases.add(run(name, pattern, rule, probes));
            }
        }
        for (int i = 0; i < cases.size(); i++) {
            out.append("    ").append(cases.get(i)).append(i + 1 < cases.size() ? ",\n" : "\n");
        }
        out.append("  ]\n}\n");
        Files.writeString(Path.of(args[1]), out.toString(), StandardCharsets.UTF_8);
        System.err.println("wrote " + cases.size() + " cases x " + probes.size() + " probes to " + args[1]);
    }

    private static String run(String group, String pattern, String rule, List<String> probes) {
        StringBuilder b = new StringBuilder();
        b.append("{\"group\": ").append(str(group)).append(", \"rule\": ").append(str(rule));
        b.append(", \"pattern\": ").append(str(pattern));
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return b.append(", \"java_error\": ").append(str(e.getDescription())).append("}").toString();
        }
        StringBuilder verdicts = new StringBuilder();
        for (String probe : probes) {
            char v;
            try {
                var m = compiled.matcher(probe);
                v = (rule.equals("search") ? m.find() : m.matches()) ? '1' : '0';
            } catch (StackOverflowError e) {
                v = 'E';
            }
            verdicts.append(v);
        }
        return b.append(", \"verdicts\": ").append(str(verdicts.toString())).append("}").toString();
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    /** A JSON string literal; everything outside printable ASCII is written as \\uXXXX. */
    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7F) b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }

    /** A minimal JSON reader (objects, arrays, strings, numbers, true/false/null). */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') { i++; return m; }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') { i++; continue; }
                        expect('}');
                        return m;
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') { i++; return l; }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') { i++; continue; }
                        expect(']');
                        return l;
                    }
                }
                case '"': return string();
                default: {
                    int start = i;
                    while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) i++;
                    String word = s.substring(start, i);
                    switch (word) {
                        case "true": return Boolean.TRUE;
                        case "false": return Boolean.FALSE;
                        case "null": return null;
                        default: return Double.valueOf(word);
                    }
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private void expect(char c) {
            if (s.charAt(i) != c) throw new IllegalStateException("expected " + c + " at " + i);
            i++;
        }
    }
}
