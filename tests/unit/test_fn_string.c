/*
 * test_fn_string.c - the string, mask and encoding functions (exec/fn_string.c,
 * fn_mask.c, fn_encode.c) against ksqlDB: the expectations of its string.json,
 * substring.json, concat.json, instr.json, len.json, initcap.json, split.json,
 * split-to-map.json, chr.json, elt-field.json, encode.json, bytes*.json and
 * *-lpad-rpad.json cases, plus UTF-16 counting, NULLs and errors.
 */
#define FNT_GROUPS                                                                                 \
    {sl_fn_defs_string, sl_fn_ndefs_string}, {sl_fn_defs_mask, sl_fn_ndefs_mask},                  \
    {                                                                                              \
        sl_fn_defs_encode, sl_fn_ndefs_encode                                                      \
    }
#include "fn_test.h"

/* A BYTES argument holding the text's bytes. */
static targ B(const char *s)
{
    return (targ){&sl_type_bytes, sl_value_str(s, (uint32_t)strlen(s)), false};
}

START_TEST(test_fn_string_case_and_trim)
{
    /* string.json "LCASE, UCASE, TRIM SUBSTRING" */
    EQ(CALL("LCASE", "STRING", S("MiXeD")), "mixed");
    EQ(CALL("UCASE", "STRING", S("MiXeD")), "MIXED");
    EQ(CALL("UCASE", "STRING", S(" \t with white space \t")), " \t WITH WHITE SPACE \t");
    EQ(CALL("TRIM", "STRING", S(" \t with white space \t")), "with white space");
    EQ(CALL("LTRIM", "STRING", S(" \t x \n")), "x \n");
    EQ(CALL("RTRIM", "STRING", S(" \t x \n")), " \t x");
    EQ(CALL("TRIM", "STRING", S("   ")), "");
    EQ(CALL("UCASE", "STRING", S("straße ελλάδα")), "STRAßE ΕΛΛΆΔΑ");
    EQ(CALL("LCASE", "STRING", S("ÜBERMENSCH ȺB")), "übermensch ⱥb");
    EQ(CALL("LCASE", "STRING", N("STRING")), "NULL");
}
END_TEST

START_TEST(test_fn_string_initcap)
{
    EQ(CALL("INITCAP", "STRING", S("some_string")), "Some_string");
    EQ(CALL("INITCAP", "STRING", S("the   Quick br0wn fOx")), "The   Quick Br0wn Fox");
    /* leading whitespace is dropped, as ksqlDB's [^\s]+\s* matching does */
    EQ(CALL("INITCAP", "STRING", S("  hello\tworld ")), "Hello\tWorld ");
    EQ(CALL("INITCAP", "STRING", S("élan vital")), "Élan Vital");
    EQ(CALL("INITCAP", "STRING", S("")), "");
}
END_TEST

START_TEST(test_fn_string_len)
{
    EQ(CALL("LEN", "STRING", S("ABC")), "3");
    EQ(CALL("LEN", "STRING", S("")), "0");
    EQ(CALL("LEN", "BYTES", B("abc")), "3");
    EQ(CALL("LEN", "STRING", N("STRING")), "NULL");
    /* Java counts UTF-16 units: an emoji is two, é is one */
    EQ(CALL("LEN", "STRING", S("\xf0\x9f\x98\x80")), "2");
    EQ(CALL("LEN", "STRING", S("é")), "1");
}
END_TEST

START_TEST(test_fn_string_concat)
{
    EQ(CALL("CONCAT", "...STRING", S("a"), N("STRING"), S("b"), S("")), "ab");
    EQ(CALL("CONCAT", "...STRING", N("STRING"), N("STRING")), "");
    EQ(CALLJ("CONCAT", "...BYTES", B("yes"), N("BYTES"), B("no")), "\"eWVzbm8=\"");
    /* concat.json concat_ws */
    EQ(CALL("CONCAT_WS", "STRING, ...STRING", S("SEP"), S("foo"), S("bar"), S("baz"), N("STRING"),
            S("literal")),
       "fooSEPbarSEPbazSEPliteral");
    EQ(CALL("CONCAT_WS", "STRING, ...STRING", S("SEP"), S("foo"), N("STRING"), S("baz"),
            N("STRING"), S("literal")),
       "fooSEPbazSEPliteral");
    EQ(CALL("CONCAT_WS", "STRING, ...STRING", S("SEP"), N("STRING"), N("STRING"), S("literal")),
       "literal");
    EQ(CALL("CONCAT_WS", "STRING, ...STRING", N("STRING"), S("foo"), S("bar")), "NULL");
    EQ(CALLJ("CONCAT_WS", "BYTES, ...BYTES", B("a"), B("b"), B("yes"), N("BYTES"), B("no")),
       "\"YmF5ZXNhbm8=\"");
    EQ(CALLJ("CONCAT_WS", "BYTES, ...BYTES", B("a"), B("b"), B(""), N("BYTES"), B("no")),
       "\"YmFhbm8=\"");
    EQ(CALLJ("CONCAT_WS", "BYTES, ...BYTES", B("a"), N("BYTES"), N("BYTES")), "\"\"");
    ck_assert(is_error(CALL("CONCAT_WS", "STRING, ...STRING", S("x"))));
}
END_TEST

START_TEST(test_fn_string_substring)
{
    EQ(CALL("SUBSTRING", "STRING, INT", S("some_string"), I(6)), "string");
    EQ(CALL("SUBSTRING", "STRING, INT", S("another"), I(6)), "er");
    EQ(CALL("SUBSTRING", "STRING, INT", S("short"), I(6)), "");
    EQ(CALL("SUBSTRING", "STRING, INT, INT", S("some_string"), I(6), I(3)), "str");
    EQ(CALL("SUBSTRING", "STRING, INT, INT", S("another"), I(6), I(3)), "er");
    EQ(CALL("SUBSTRING", "STRING, INT, INT", S(" \t with white space \t"), I(2), I(5)), "\t wit");
    EQ(CALL("SUBSTRING", "STRING, INT, INT", S("s"), I(2), I(5)), "");
    EQ(CALL("SUBSTRING", "STRING, INT, INT", S("stream"), I(1), I(4)), "stre");
    EQ(CALL("SUBSTRING", "STRING, INT", S("stream"), I(-3)), "eam");
    EQ(CALL("SUBSTRING", "STRING, INT", S("stream"), I(-10)), "stream");
    EQ(CALL("SUBSTRING", "STRING, INT", S("stream"), I(0)), "stream");
    EQ(CALL("SUBSTRING", "STRING, INT, INT", S("stream"), I(2), I(-1)), "");
    EQ(CALL("SUBSTRING", "STRING, INT", S("stream"), N("INT")), "NULL");
    EQ(CALLJ("SUBSTRING", "BYTES, INT", B("some_string"), I(6)), "\"c3RyaW5n\"");
    EQ(CALLJ("SUBSTRING", "BYTES, INT", B("short"), I(6)), "\"\"");
    EQ(CALLJ("SUBSTRING", "BYTES, INT, INT", B("another"), I(6), I(3)), "\"ZXI=\"");
    /* positions count UTF-16 units: the emoji occupies positions 2 and 3 */
    EQ(CALL("SUBSTRING", "STRING, INT",
            S("a\xf0\x9f\x98\x80"
              "bc"),
            I(4)),
       "bc");
    EQ(CALL("SUBSTRING", "STRING, INT, INT",
            S("éa\xf0\x9f\x98\x80"
              "b"),
            I(2), I(3)),
       "a\xf0\x9f\x98\x80");
}
END_TEST

START_TEST(test_fn_string_instr)
{
    EQ(CALL("INSTR", "STRING, STRING", S("CORPORATE FLOOR"), S("OR")), "2");
    EQ(CALL("INSTR", "STRING, STRING, INT", S("CORPORATE FLOOR"), S("OR"), I(3)), "5");
    EQ(CALL("INSTR", "STRING, STRING, INT, INT", S("CORPORATE FLOOR"), S("OR"), I(3), I(2)), "14");
    EQ(CALL("INSTR", "STRING, STRING, INT", S("CORPORATE FLOOR"), S("OR"), I(-3)), "5");
    EQ(CALL("INSTR", "STRING, STRING, INT, INT", S("CORPORATE FLOOR"), S("OR"), I(-3), I(2)), "2");
    EQ(CALL("INSTR", "STRING, STRING", S("CORPORATE FLOOR"), S("MISSING")), "0");
    /* instr.json */
    EQ(CALL("INSTR", "STRING, STRING, INT", S("corporate floor"), S("or"), I(4)), "5");
    EQ(CALL("INSTR", "STRING, STRING, INT", S("short"), S("or"), I(4)), "0");
    EQ(CALL("INSTR", "STRING, STRING, INT, INT", S("corporate floor"), S("or"), I(-4), I(2)), "2");
    EQ(CALL("INSTR", "STRING, STRING, INT, INT", S("short"), S("or"), I(-4), I(2)), "0");
    /* overlapping matches count; NULL string gives 0; out-of-range positions give 0 */
    EQ(CALL("INSTR", "STRING, STRING, INT, INT", S("aaaa"), S("aa"), I(1), I(3)), "3");
    EQ(CALL("INSTR", "STRING, STRING, INT, INT", S("aaaa"), S("aa"), I(-1), I(3)), "1");
    EQ(CALL("INSTR", "STRING, STRING", N("STRING"), S("a")), "0");
    EQ(CALL("INSTR", "STRING, STRING, INT", S("abc"), S("a"), I(4)), "0");
    EQ(CALL("INSTR", "STRING, STRING, INT", S("abc"), S("a"), I(0)), "0");
    EQ(CALL("INSTR", "STRING, STRING, INT", S("abc"), S("a"), N("INT")), "NULL");
    EQ(CALL("INSTR", "STRING, STRING, INT, INT", S("abc"), S("a"), I(1), I(0)), "0");
    EQ(CALL("INSTR", "STRING, STRING, INT", S("abc"), S(""), I(2)), "2");
    /* positions in UTF-16 units */
    EQ(CALL("INSTR", "STRING, STRING", S("\xf0\x9f\x98\x80x"), S("x")), "3");
}
END_TEST

START_TEST(test_fn_string_pad)
{
    /* string-lpad-rpad.json */
    EQ(CALL("LPAD", "STRING, INT, STRING", S("foo"), I(7), S("Bar")), "BarBfoo");
    EQ(CALL("LPAD", "STRING, INT, STRING", S("foo"), I(5), S("Bar")), "Bafoo");
    EQ(CALL("LPAD", "STRING, INT, STRING", S("foo"), I(2), S("Bar")), "fo");
    EQ(CALL("LPAD", "STRING, INT, STRING", S("foo"), I(-1), S("Bar")), "NULL");
    EQ(CALL("LPAD", "STRING, INT, STRING", S("foo"), I(5), N("STRING")), "NULL");
    EQ(CALL("LPAD", "STRING, INT, STRING", S("foo"), I(7), S("")), "NULL");
    EQ(CALL("LPAD", "STRING, INT, STRING", S(""), I(7), S("Bar")), "BarBarB");
    EQ(CALL("LPAD", "STRING, INT, STRING", S("123"), I(5), S("0")), "00123");
    EQ(CALL("RPAD", "STRING, INT, STRING", S("foo"), I(7), S("Bar")), "fooBarB");
    EQ(CALL("RPAD", "STRING, INT, STRING", S("foo"), I(2), S("Bar")), "fo");
    EQ(CALL("RPAD", "STRING, INT, STRING", S(""), I(2), S("Bar")), "Ba");
    EQ(CALL("LPAD", "STRING, INT, STRING", S("é"), I(3), S("ü")), "üüé");
    /* bytes-lpad-rpad.json */
    EQ(CALLJ("LPAD", "BYTES, INT, BYTES", B("yes"), I(8), B("no")), "\"bm9ub255ZXM=\"");
    EQ(CALLJ("LPAD", "BYTES, INT, BYTES", B("yes"), I(5), B("no")), "\"bm95ZXM=\"");
    EQ(CALLJ("LPAD", "BYTES, INT, BYTES", B("yes"), I(2), B("no")), "\"eWU=\"");
    EQ(CALLJ("LPAD", "BYTES, INT, BYTES", B("yes"), I(0), B("no")), "\"\"");
    EQ(CALLJ("LPAD", "BYTES, INT, BYTES", B("yes"), I(3), B("")), "NULL");
    EQ(CALLJ("RPAD", "BYTES, INT, BYTES", B("yes"), I(8), B("no")), "\"eWVzbm9ub24=\"");
    /* a billion characters is a per-record error, not a huge allocation */
    ck_assert(is_error(CALL("LPAD", "STRING, INT, STRING", S("x"), I(2000000000), S("ab"))));
}
END_TEST

START_TEST(test_fn_string_replace)
{
    EQ(CALL("REPLACE", "STRING, STRING, STRING", S("hello world"), S("o"), S("0")), "hell0 w0rld");
    EQ(CALL("REPLACE", "STRING, STRING, STRING", S("aaa"), S("aa"), S("b")), "ba");
    EQ(CALL("REPLACE", "STRING, STRING, STRING", S("abc"), S(""), S("-")), "-a-b-c-");
    EQ(CALL("REPLACE", "STRING, STRING, STRING", S("abc"), S("x"), S("y")), "abc");
    EQ(CALL("REPLACE", "STRING, STRING, STRING", S("abc"), S("b"), S("")), "ac");
    EQ(CALL("REPLACE", "STRING, STRING, STRING", S("abc"), N("STRING"), S("")), "NULL");
}
END_TEST

START_TEST(test_fn_string_chr)
{
    /* chr.json */
    EQ(CALL("CHR", "INT", I(75)), "K");
    EQ(CALL("CHR", "INT", I(22909)), "好");
    EQ(CALL("CHR", "INT", I(99000)), "\xf0\x98\x8a\xb8");
    EQ(CALL("CHR", "INT", I(-1)), "NULL");
    EQ(CALL("CHR", "INT", I(0x110000)), "NULL");
    EQ(CALL("CHR", "STRING", S("\\u004b")), "K");
    EQ(CALL("CHR", "STRING", S("\\u597d")), "好");
    EQ(CALL("CHR", "STRING", S("\\ud83d\\ude00")), "\xf0\x9f\x98\x80");
    EQ(CALL("CHR", "STRING", S("\\u004")), "NULL");
    EQ(CALL("CHR", "STRING", S("u004b")), "NULL");
    EQ(CALL("CHR", "STRING", S("\\u004bx\\t")), "Kx\t");
    ck_assert(is_error(CALL("CHR", "STRING", S("\\u00zz"))));
}
END_TEST

START_TEST(test_fn_string_elt_field)
{
    /* elt-field.json */
    EQ(CALL("ELT", "INT, ...STRING", I(2), S("ignored"), S("something")), "something");
    EQ(CALL("ELT", "INT, ...STRING", I(2), S("ignored"), N("STRING")), "NULL");
    EQ(CALL("ELT", "INT, ...STRING", I(0), S("a")), "NULL");
    EQ(CALL("ELT", "INT, ...STRING", I(2), S("a")), "NULL");
    EQ(CALL("ELT", "INT, ...STRING", N("INT"), S("a")), "NULL");
    EQ(CALL("FIELD", "STRING, ...STRING", S("hello"), S("hello"), S("world")), "1");
    EQ(CALL("FIELD", "STRING, ...STRING", S("hello"), N("STRING"), S("world")), "0");
    EQ(CALL("FIELD", "STRING, ...STRING", S("hello"), S("world"), S("hello")), "2");
    EQ(CALL("FIELD", "STRING, ...STRING", N("STRING"), N("STRING"), S("hello")), "0");
}
END_TEST

START_TEST(test_fn_string_split)
{
    /* split.json */
    EQ(CALL("SPLIT", "STRING, STRING", S("a.b.c"), S(".")), "[a, b, c]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S(".abc."), S(".")), "[\"\",\"abc\",\"\"]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S("..a.."), S(".")), "[\"\",\"\",\"a\",\"\",\"\"]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S("abc"), S(".")), "[\"abc\"]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S(""), S(".")), "[\"\"]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S("a$$b.c"), S("$$")), "[\"a\",\"b.c\"]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S(".abc$$"), S("$$")), "[\".abc\",\"\"]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S("a.é"), S("")), "[\"a\",\".\",\"é\"]");
    EQ(CALLJ("SPLIT", "STRING, STRING", S(""), S("")), "[\"\"]");
    EQ(CALLJ("SPLIT", "BYTES, BYTES", B("a.b.c"), B(".")), "[\"YQ==\",\"Yg==\",\"Yw==\"]");
    EQ(CALLJ("SPLIT", "BYTES, BYTES", B(".abc."), B(".")), "[\"\",\"YWJj\",\"\"]");
    EQ(CALLJ("SPLIT", "BYTES, BYTES", B("abc"), B("")), "[\"YQ==\",\"Yg==\",\"Yw==\"]");
    EQ(CALLJ("SPLIT", "BYTES, BYTES", B(""), B("")), "[\"\"]");
    EQ(CALLJ("SPLIT", "BYTES, BYTES", B(".$$a.."), B("$$")), "[\"Lg==\",\"YS4u\"]");
    EQ(CALL("SPLIT", "STRING, STRING", S("a"), N("STRING")), "NULL");
}
END_TEST

START_TEST(test_fn_string_split_to_map)
{
    const char *sig = "STRING, STRING, STRING";
    const char *in = "apple:green/banana:yellow/cherry:red";
    EQ(CALL("SPLIT_TO_MAP", sig, S(in), S("/"), S(":")),
       "{apple=green, banana=yellow, cherry=red}");
    EQ(CALL("SPLIT_TO_MAP", sig, S(in), S("&&"), S(":")), "{apple=green/banana}");
    EQ(CALL("SPLIT_TO_MAP", sig, S("apple:green//banana:yellow//cherry:red/"), S("/"), S(":")),
       "{apple=green, banana=yellow, cherry=red}");
    EQ(CALL("SPLIT_TO_MAP", sig, S(in), S("/"), S("=")), "{}");
    EQ(CALL("SPLIT_TO_MAP", sig, S(in), S(""), S(":")), "NULL");
    EQ(CALL("SPLIT_TO_MAP", sig, S(in), S("/"), S("")), "NULL");
    EQ(CALL("SPLIT_TO_MAP", sig, S(in), N("STRING"), S(":")), "NULL");
    EQ(CALL("SPLIT_TO_MAP", sig, S(""), S("/"), S(":")), "{}");
    EQ(CALL("SPLIT_TO_MAP", sig, S("a:1/b:2/a:3"), S("/"), S(":")), "{a=3, b=2}");
    EQ(CALL("SPLIT_TO_MAP", sig, S("a:1:2"), S("/"), S(":")), "{a=1}");
    EQ(CALL("SPLIT_TO_MAP", sig, S("a/b"), S("/"), S("/")), "NULL");
}
END_TEST

START_TEST(test_fn_string_mask)
{
    EQ(CALL("MASK", "STRING", S("My Test $123")), "Xx-Xxxx--nnn");
    EQ(CALL("MASK", "STRING, STRING, STRING, STRING, STRING", S("My Test $123"), S("*"),
            N("STRING"), S("1"), N("STRING")),
       "*y *est $111");
    EQ(CALL("MASK_KEEP_LEFT", "STRING, INT", S("My Test $123"), I(4)), "My Txxx--nnn");
    EQ(CALL("MASK_KEEP_RIGHT", "STRING, INT", S("My Test $123"), I(4)), "Xx-Xxxx-$123");
    EQ(CALL("MASK_LEFT", "STRING, INT", S("My Test $123"), I(4)), "Xx-Xest $123");
    EQ(CALL("MASK_RIGHT", "STRING, INT", S("My Test $123"), I(4)), "My Test -nnn");
    EQ(CALL("MASK_LEFT", "STRING, INT", S("abc"), I(10)), "xxx");
    EQ(CALL("MASK_KEEP_LEFT", "STRING, INT, STRING, STRING, STRING, STRING", S("AbC1!"), I(1),
            S("U"), S("l"), S("d"), S("o")),
       "AlUdo");
    EQ(CALL("MASK", "STRING", S("Éé٣")), "Xxn");
    /* an emoji is two UTF-16 units, masked as two 'other' characters */
    EQ(CALL("MASK", "STRING", S("a\xf0\x9f\x98\x80")), "x--");
    EQ(CALL("MASK", "STRING", N("STRING")), "NULL");
    EQ(CALL("MASK_LEFT", "STRING, INT", N("STRING"), I(2)), "NULL");
    ck_assert(strstr(CALL("MASK_LEFT", "STRING, INT", S("abc"), I(-1)),
                     "mask_left requires a non-negative number") != NULL);
    ck_assert(strstr(CALL("MASK", "STRING, STRING, STRING, STRING, STRING", S("a"), S("XX"),
                          N("STRING"), N("STRING"), N("STRING")),
                     "Invalid mask character") != NULL);
}
END_TEST

START_TEST(test_fn_string_md5_uuid)
{
    EQ(CALL("MD5", "STRING", S("")), "d41d8cd98f00b204e9800998ecf8427e");
    EQ(CALL("MD5", "STRING", S("abc")), "900150983cd24fb0d6963f7d28e17f72");
    EQ(CALL("MD5", "STRING", S("message digest")), "f96b697d7cb7938d525a2f31aaf161d0");
    EQ(CALL("MD5", "STRING",
            S("12345678901234567890123456789012345678901234567890123456789012345678901234567890")),
       "57edf4a22be3c955ac49da2e2107b67a");
    for (int i = 0; i < 40; i++) {
        const char *u = CALL0("UUID");
        ck_assert_uint_eq(strlen(u), 36);
        ck_assert(u[8] == '-' && u[13] == '-' && u[18] == '-' && u[23] == '-');
        ck_assert(u[14] == '4');
        ck_assert(strchr("89ab", u[19]) != NULL);
    }
    ck_assert_str_ne(CALL0("UUID"), CALL0("UUID"));
}
END_TEST

START_TEST(test_fn_string_encode)
{
    const char *hx = "STRING, STRING, STRING";
    /* encode.json, hex input */
    EQ(CALL("ENCODE", hx, S("4578616d706C6521"), S("hex"), S("ascii")), "Example!");
    EQ(CALL("ENCODE", hx, S("4578616d706C6521"), S("hex"), S("base64")), "RXhhbXBsZSE=");
    EQ(CALL("ENCODE", hx, S("ce95cebbcebbceacceb4ceb1"), S("hex"), S("utf8")), "Ελλάδα");
    EQ(CALL("ENCODE", hx, S("c39c6265726d656e736368"), S("hex"), S("ascii")),
       "\xef\xbf\xbd\xef\xbf\xbd"
       "bermensch");
    EQ(CALL("ENCODE", hx, S("0x4578616d706C6521"), S("hex"), S("utf8")), "Example!");
    EQ(CALL("ENCODE", hx, S("X'4578616d706C6521'"), S("hex"), S("utf8")), "Example!");
    EQ(CALL("ENCODE", hx, S("x'4578616d706C6521'"), S("hex"), S("utf8")), "Example!");
    EQ(CALL("ENCODE", hx, S("0x"), S("hex"), S("utf8")), "");
    EQ(CALL("ENCODE", hx, S("X''"), S("hex"), S("base64")), "");
    EQ(CALL("ENCODE", hx, S("0x578616d706C6521"), S("hex"), S("utf8")), "\x05xample!");
    ck_assert(is_error(CALL("ENCODE", hx, S("0x0x"), S("hex"), S("utf8"))));
    ck_assert(is_error(CALL("ENCODE", hx, S("X'"), S("hex"), S("utf8"))));
    ck_assert(is_error(CALL("ENCODE", hx, S("x'4578616d706C6521"), S("hex"), S("utf8"))));
    ck_assert(is_error(CALL("ENCODE", hx, S("578616d706C6521"), S("hex"), S("utf8"))));
    /* ascii input: what ASCII lacks becomes '?' */
    EQ(CALL("ENCODE", hx, S("Example!"), S("ascii"), S("hex")), "4578616d706c6521");
    EQ(CALL("ENCODE", hx, S("Ελλάδα"), S("ascii"), S("hex")), "3f3f3f3f3f3f");
    EQ(CALL("ENCODE", hx, S("Ελλάδα"), S("ascii"), S("base64")), "Pz8/Pz8/");
    EQ(CALL("ENCODE", hx, S("Ελλάδα"), S("utf8"), S("base64")), "zpXOu867zqzOtM6x");
    EQ(CALL("ENCODE", hx, S("RXhhbXBsZSE="), S("BASE64"), S("Utf8")), "Example!");
    EQ(CALL("ENCODE", hx, S("RXhhbXBsZSE"), S("base64"), S("hex")), "4578616d706c6521");
    /* unsupported encodings (and a pair of equal ones) are errors */
    ck_assert(strstr(CALL("ENCODE", hx, S("x"), S("base64"), S("null")),
                     "Supported input and output encodings") != NULL);
    ck_assert(is_error(CALL("ENCODE", hx, S("x"), S("utf8"), S("utf8"))));
    EQ(CALL("ENCODE", hx, N("STRING"), S("hex"), S("utf8")), "NULL");
}
END_TEST

START_TEST(test_fn_string_bytes_conversions)
{
    /* bytes-and-strings.json */
    EQ(CALL("FROM_BYTES", "BYTES, STRING", B("!"), S("utf8")), "!");
    EQ(CALLJ("TO_BYTES", "STRING, STRING", S("#"), S("utf8")), "\"Iw==\"");
    EQ(CALL("FROM_BYTES", "BYTES, STRING", B("!"), S("base64")), "IQ==");
    EQ(CALLJ("TO_BYTES", "STRING, STRING", S("IQ=="), S("base64")), "\"IQ==\"");
    EQ(CALL("FROM_BYTES", "BYTES, STRING", B("\x01\xab"), S("hex")), "01AB");
    EQ(CALLJ("TO_BYTES", "STRING, STRING", S("01AB"), S("HEX")), "\"Aas=\"");
    EQ(CALLJ("TO_BYTES", "STRING, STRING", S("01ab"), S("hex")), "\"Aas=\"");
    EQ(CALL("FROM_BYTES", "BYTES, STRING", B("a\xff"), S("ascii")), "a\xef\xbf\xbd");
    EQ(CALL("FROM_BYTES", "BYTES, STRING", B("a\xff"), S("utf8")), "a\xef\xbf\xbd");
    EQ(CALLJ("TO_BYTES", "STRING, STRING", S("aé"), S("ascii")), "\"YT8=\"");
    ck_assert(is_error(CALL("TO_BYTES", "STRING, STRING", S("abc"), S("hex"))));
    ck_assert(is_error(CALL("TO_BYTES", "STRING, STRING", S("a"), S("base64"))));
    ck_assert(strstr(CALL("FROM_BYTES", "BYTES, STRING", B("a"), S("utf16")),
                     "Unknown encoding type 'utf16'") != NULL);
    /* Java's MIME encoder breaks lines every 76 characters */
    char buf[61];
    memset(buf, 'a', 60);
    buf[60] = 0;
    const char *b64 = CALL("FROM_BYTES", "BYTES, STRING", B(buf), S("base64"));
    ck_assert_uint_eq(strlen(b64), 82);
    ck_assert(b64[76] == '\r' && b64[77] == '\n');
    EQ(CALLJ("TO_BYTES", "STRING, STRING", S(b64), S("base64")),
       CALLJ("TO_BYTES", "STRING, STRING", S(buf), S("utf8")));
}
END_TEST

START_TEST(test_fn_string_numbers_from_bytes)
{
    /* bytes-and-strings.json, base64 AAAH5Q== AAAAASoF8gA= QICm/ZvJ9YI= */
    targ i4 = {&sl_type_bytes, sl_value_str("\x00\x00\x07\xe5", 4), false};
    targ l8 = {&sl_type_bytes, sl_value_str("\x00\x00\x00\x01\x2a\x05\xf2\x00", 8), false};
    targ d8 = {&sl_type_bytes, sl_value_str("\x40\x80\xa6\xfd\x9b\xc9\xf5\x82", 8), false};
    EQ(CALL("INT_FROM_BYTES", "BYTES", i4), "2021");
    EQ(CALL("BIGINT_FROM_BYTES", "BYTES", l8), "5000000000");
    EQ(CALL("DOUBLE_FROM_BYTES", "BYTES", d8), "532.8738323");
    targ i4le = {&sl_type_bytes, sl_value_str("\xe5\x07\x00\x00", 4), false};
    targ l8le = {&sl_type_bytes, sl_value_str("\x00\xf2\x05\x2a\x01\x00\x00\x00", 8), false};
    targ d8le = {&sl_type_bytes, sl_value_str("\x82\xf5\xc9\x9b\xfd\xa6\x80\x40", 8), false};
    EQ(CALL("INT_FROM_BYTES", "BYTES, STRING", i4le, S("LITTLE_ENDIAN")), "2021");
    EQ(CALL("BIGINT_FROM_BYTES", "BYTES, STRING", l8le, S("LITTLE_ENDIAN")), "5000000000");
    EQ(CALL("DOUBLE_FROM_BYTES", "BYTES, STRING", d8le, S("LITTLE_ENDIAN")), "532.8738323");
    EQ(CALL("INT_FROM_BYTES", "BYTES, STRING", i4, S("BIG_ENDIAN")), "2021");
    targ neg = {&sl_type_bytes, sl_value_str("\xff\xff\xff\xfe", 4), false};
    EQ(CALL("INT_FROM_BYTES", "BYTES", neg), "-2");
    ck_assert(strstr(CALL("INT_FROM_BYTES", "BYTES", B("abc")),
                     "Number of bytes must be equal to 4, but found 3") != NULL);
    ck_assert(is_error(CALL("INT_FROM_BYTES", "BYTES, STRING", i4, S("MIDDLE_ENDIAN"))));
    EQ(CALL("INT_FROM_BOOLEAN", "BOOLEAN", A("BOOLEAN", "true")), "1");
    EQ(CALL("INT_FROM_BOOLEAN", "BOOLEAN", A("BOOLEAN", "false")), "0");
}
END_TEST

static Suite *fn_string_suite(void)
{
    Suite *s = suite_create("fn_string");
    TCase *tc = tcase_create("string");
    tcase_add_checked_fixture(tc, fnt_setup, fnt_teardown);
    tcase_add_test(tc, test_fn_string_case_and_trim);
    tcase_add_test(tc, test_fn_string_initcap);
    tcase_add_test(tc, test_fn_string_len);
    tcase_add_test(tc, test_fn_string_concat);
    tcase_add_test(tc, test_fn_string_substring);
    tcase_add_test(tc, test_fn_string_instr);
    tcase_add_test(tc, test_fn_string_pad);
    tcase_add_test(tc, test_fn_string_replace);
    tcase_add_test(tc, test_fn_string_chr);
    tcase_add_test(tc, test_fn_string_elt_field);
    tcase_add_test(tc, test_fn_string_split);
    tcase_add_test(tc, test_fn_string_split_to_map);
    tcase_add_test(tc, test_fn_string_mask);
    tcase_add_test(tc, test_fn_string_md5_uuid);
    tcase_add_test(tc, test_fn_string_encode);
    tcase_add_test(tc, test_fn_string_bytes_conversions);
    tcase_add_test(tc, test_fn_string_numbers_from_bytes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fn_string_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
