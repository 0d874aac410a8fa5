/*
 * galley.h — the C interface of Galley, a library that cleans text scraped
 * from news sites: Unicode segmentation on ICU with sentence repair,
 * normalization with an offset map, near-duplicate paragraphs (in memory or
 * in an SQLite index file), related-link blocks, WHATWG URLs and their
 * canonical forms, and the whole pipeline on one article
 * (galley_process_article).
 *
 * This header is the reference manual. Every declaration states what it
 * does, what it returns, who owns returned memory and whether an object may
 * be shared between threads.
 *
 * Conventions that hold for every function
 * ----------------------------------------
 *  - Text comes in as `const char *utf8, size_t len`. No NUL terminator is
 *    required, NUL bytes are ordinary text, and the pointer is never kept
 *    after the call returns. `utf8` may be NULL only when `len` is 0 (empty
 *    input); NULL with a non-zero length is GALLEY_STATUS_INVALID_ARGUMENT.
 *  - Invalid UTF-8 (overlong forms, surrogates, code points above U+10FFFF,
 *    truncated or stray continuation bytes) is never repaired silently: the
 *    call returns GALLEY_STATUS_INVALID_UTF8 and galley_error_offset() gives
 *    the byte offset of the first bad byte.
 *  - Offsets are UTF-8 byte offsets into the input, unless an option asks
 *    for code point offsets (GALLEY_OFFSETS_CODEPOINTS).
 *  - Errors, one model (see "Errors" below): every function that can fail
 *    returns a galley_status and records the outcome as the calling
 *    thread's last error — a status, a message, and where they apply the
 *    byte offset and the item (paragraph, document) at fault — read with
 *    galley_errcode(), galley_errmsg(), galley_error_offset() and
 *    galley_error_item(). Functions that cannot fail (counts, getters,
 *    _init, _free) return their value directly and leave the last error
 *    alone.
 *  - Results go through out-parameters, which are set to NULL (pointers)
 *    or left untouched (everything else) on failure, unless a declaration
 *    says otherwise (galley_url_write() reports the size it needs).
 *  - The library frees what it allocates: every object has one `_free`
 *    function, and every `_free` accepts NULL as a no-op.
 *  - There is no global state and no setup call; the last error is per
 *    thread.
 *
 * ABI tiers
 * ---------
 *  - GALLEY_API: stable. Declarations are only added; a struct grows only
 *    at its end (its `size` field says which version the caller knows);
 *    enum values are never renumbered.
 *  - GALLEY_DEPRECATED: kept and working for old callers, documented with
 *    its replacement; new code should not use it. Define
 *    GALLEY_NO_DEPRECATION_WARNINGS to silence the compiler's warnings.
 *  - Experimental (the last section): may change in any minor version.
 */
#ifndef GALLEY_H
#define GALLEY_H

#include <stddef.h>
#include <stdint.h>

/* Marks the library's exported functions. */
#ifndef GALLEY_API
#  if defined(__GNUC__) || defined(__clang__)
#    define GALLEY_API __attribute__((visibility("default")))
#  else
#    define GALLEY_API
#  endif
#endif

/* Marks a deprecated function, with the name of its replacement. */
#if defined(GALLEY_NO_DEPRECATION_WARNINGS)
#  define GALLEY_DEPRECATED(replacement)
#elif defined(__GNUC__) || defined(__clang__)
#  define GALLEY_DEPRECATED(replacement) __attribute__((deprecated(replacement)))
#else
#  define GALLEY_DEPRECATED(replacement)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------------ */

#define GALLEY_VERSION_MAJOR 0
#define GALLEY_VERSION_MINOR 3
#define GALLEY_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 300 for 0.3.0. */
#define GALLEY_VERSION_NUMBER \
  (GALLEY_VERSION_MAJOR * 10000 + GALLEY_VERSION_MINOR * 100 + GALLEY_VERSION_PATCH)
#define GALLEY_VERSION_STRING "0.3.0"

/* The version of the library actually loaded, as GALLEY_VERSION_NUMBER.
 * Compare it with the macro to detect a header/library mismatch. */
GALLEY_API uint32_t galley_version_number(void);

/* The version of the library actually loaded, as GALLEY_VERSION_STRING.
 * Static text: never free it. */
GALLEY_API const char *galley_version_string(void);

/* ------------------------------------------------------------------------
 * Status codes. Values are stable and never renumbered.
 * ------------------------------------------------------------------------ */

typedef int32_t galley_status;
enum {
  GALLEY_STATUS_OK = 0,
  /* A NULL pointer where one is required, NULL text with a non-zero length,
   * an options struct with an unknown size, an unknown unit or flag, or a
   * language tag that is not well-formed BCP 47. */
  GALLEY_STATUS_INVALID_ARGUMENT = 1,
  /* The text is not valid UTF-8; galley_error_offset() gives the byte
   * offset of the first bad byte. */
  GALLEY_STATUS_INVALID_UTF8 = 2,
  /* Memory could not be allocated. */
  GALLEY_STATUS_OUT_OF_MEMORY = 3,
  /* ICU reported an error; galley_errmsg() names it. */
  GALLEY_STATUS_ICU_ERROR = 4,
  /* The input is larger than one call can take: ICU's break iterators work
   * on at most 2^31 - 1 bytes per call (graphemes, words, sentences).
   * Split larger input, e.g. into paragraphs, first. Nothing is lost: the
   * call fails before doing anything. */
  GALLEY_STATUS_TOO_LARGE = 5,
  /* Index files (galley_dedup_index_open and every call on a file index).
   * galley_errmsg() names the file and says what happened; nothing
   * committed is lost by any of them (a failed batch is rolled back).
   * Another failure to read or write the file: an I/O error, a missing
   * folder, no permission to create the file. */
  GALLEY_STATUS_STORAGE = 6,
  /* The file is damaged: SQLite finds it malformed, it was cut short (a
   * size that is not whole pages), or a stored row does not decode. (A
   * 0-byte file is not damaged: it holds nothing committed and opens as a
   * new index, as a missing file does.) */
  GALLEY_STATUS_CORRUPT = 7,
  /* The file is not a Galley index: not SQLite at all, another
   * application's SQLite database, or written by a newer Galley. */
  GALLEY_STATUS_NOT_AN_INDEX = 8,
  /* Another index (in this process or another) holds the file open. */
  GALLEY_STATUS_BUSY = 9,
  /* The file, or its folder (which must take the -wal file), cannot be
   * written. */
  GALLEY_STATUS_READONLY = 10,
  /* The disk, or the process's file size limit, is full: the batch was
   * rolled back and the index is as it was before the call. */
  GALLEY_STATUS_FULL = 11
};

/* The name of a status code ("GALLEY_STATUS_INVALID_UTF8"), or
 * "GALLEY_STATUS_UNKNOWN" for a value this version does not define.
 * Static text: never free it. */
GALLEY_API const char *galley_status_name(galley_status status);

/* ------------------------------------------------------------------------
 * Errors
 *
 * Every function that returns a galley_status records the outcome of the
 * call as the calling thread's last error before it returns: on success
 * GALLEY_STATUS_OK, "", SIZE_MAX and SIZE_MAX; on failure the status it
 * returns, a message saying what went wrong (naming the argument, the file
 * or the item), and where they apply the byte offset and the item at
 * fault. (The one exception, the deprecated galley_dedup_index_contains(),
 * returns an int32_t and records its errors the same way.) The last error
 * belongs to the thread: calls on other threads never change it, and a
 * thread that did not call Galley reads GALLEY_STATUS_OK. Read it right
 * after the call, on the same thread.
 * ------------------------------------------------------------------------ */

/* The status of the calling thread's last fallible call. */
GALLEY_API galley_status galley_errcode(void);

/* The message of the calling thread's last fallible call: "" after a
 * success, never NULL. UTF-8, NUL-terminated; borrowed: valid until the
 * thread's next fallible call or its exit. Never free it. */
GALLEY_API const char *galley_errmsg(void);

/* After GALLEY_STATUS_INVALID_UTF8: the byte offset of the first bad byte
 * in the buffer the message names (the text; for batch calls the
 * concatenated `text` or `ids` buffer); SIZE_MAX otherwise. */
GALLEY_API size_t galley_error_offset(void);

/* After a failure of one item of an array (galley_dedup_index_add: the
 * paragraph, or the document whose id is at fault — the message says
 * which; galley_dedup_fingerprints: the paragraph;
 * galley_normalized_map_offsets/_map_spans: the offset or span): its index
 * from 0; SIZE_MAX otherwise. */
GALLEY_API size_t galley_error_item(void);

/* ------------------------------------------------------------------------
 * Segmentation
 *
 * A segmenter splits text into graphemes, words, sentences or paragraphs.
 * Graphemes and words follow ICU's implementation of UAX #29 (Unicode 15.0
 * in ICU 72) for the given language. Sentences start from ICU's sentence
 * iterator with the language's "ss=standard" suppressions, then Galley's
 * rules fix what it gets wrong in news text: abbreviations from per-language
 * data (en uk ru de fr es it pt pl nl: "Dr. Watson", "the U.S. Government",
 * "z. B.", "am 3. Oktober"), initials ("J. R. R. Tolkien"), numbers,
 * numbered and bulleted lists, ellipses, "Yahoo! in", e-mail addresses and
 * URLs, hard-wrapped lines, CJK title marks, and sentences a scraper glued
 * together ("world.But"). GALLEY_SEGMENT_RAW turns the rules off. Paragraphs are Galley's own: text between blank lines (a line
 * holding only whitespace counts as blank) or U+2029 PARAGRAPH SEPARATOR;
 * LF, CR, CRLF, VT, FF, NEL and U+2028 end lines, so hard-wrapped lines stay
 * in one paragraph.
 * ------------------------------------------------------------------------ */

/* What to split into (galley_segment_options.unit). */
typedef int32_t galley_unit;
enum {
  GALLEY_UNIT_GRAPHEME = 1,
  GALLEY_UNIT_WORD = 2,
  GALLEY_UNIT_SENTENCE = 3,
  GALLEY_UNIT_PARAGRAPH = 4
};

/* The kind of a word segment (galley_span.kind), from ICU's rule status.
 * Segments of other units have kind GALLEY_WORD_NONE. */
typedef int32_t galley_word_kind;
enum {
  GALLEY_WORD_NONE = 0,        /* spaces, punctuation, symbols: "other" */
  GALLEY_WORD_NUMBER = 1,      /* "42", "3.14" */
  GALLEY_WORD_LETTER = 2,      /* "hello", "Київ", "can't" */
  GALLEY_WORD_KANA = 3,        /* kana outside ICU's CJ dictionary; rare */
  GALLEY_WORD_IDEOGRAPHIC = 4  /* "東京", and in ICU 72 also the kana words
                                  its CJ dictionary finds ("タワー") */
};

/* Flags (galley_segment_options.flags), OR-ed together. */
enum {
  /* Keep whitespace. By default word segments made only of whitespace are
   * dropped, sentences and paragraphs are trimmed of leading and trailing
   * whitespace (Unicode White_Space), and whitespace-only sentences and
   * paragraphs are dropped; so are sentences (with Galley's rules) that
   * render no text: lines of Markdown emphasis markers alone ("**", "* __",
   * "* * *", "___") or a thematic break ("---"). With this flag every unit partitions the text
   * exactly: the spans are contiguous, start at 0 and end at `len`, and
   * their starts are the UAX #29 boundaries. Graphemes always partition the
   * text, with or without this flag. */
  GALLEY_SEGMENT_KEEP_WHITESPACE = 1,
  /* Sentences: ICU's sentences as they are (UAX #29 with the language's
   * ss=standard suppressions), without Galley's rules. Other units ignore
   * it. This is what Unicode's SentenceBreakTest.txt checks. */
  GALLEY_SEGMENT_RAW = 2,
  /* Sentences with rules: do not split sentences a scraper glued together
   * ("world.But", "sanctions.”In", "it?Nobody"); a terminator directly
   * followed by a letter then never ends a sentence. */
  GALLEY_SEGMENT_NO_REPAIR = 4
};

/* Units of the offsets in galley_span (galley_segment_options.offsets). */
typedef int32_t galley_offset_unit;
enum {
  GALLEY_OFFSETS_UTF8 = 0,       /* byte offsets into the UTF-8 input */
  GALLEY_OFFSETS_CODEPOINTS = 1  /* Unicode scalar value (code point) indices,
                                    as Python's str uses */
};

/* Options for galley_segmenter_new(). Fill with
 * galley_segment_options_init(&options, sizeof options), then change fields.
 * New fields are only ever added at the end; `size` tells the library which
 * ones the caller knows, so a program built against this header keeps
 * working with later libraries. */
typedef struct galley_segment_options {
  size_t size;               /* sizeof(galley_segment_options) as the caller knows it */
  galley_unit unit;          /* default GALLEY_UNIT_SENTENCE */
  int32_t flags;             /* GALLEY_SEGMENT_* flags; default 0 */
  galley_offset_unit offsets;/* default GALLEY_OFFSETS_UTF8 */
  /* A BCP 47 language tag, NUL-terminated ("en", "uk", "ja", "pt-BR").
   * NULL or "" means the language-neutral root rules. A well-formed tag
   * for a language ICU has no data for falls back to the root rules.
   * Copied by galley_segmenter_new(); need not outlive it. Default "en". */
  const char *lang;
} galley_segment_options;

/* Fills the first `size` bytes of `*options` with the defaults (sentences,
 * English, UTF-8 offsets) and sets options->size to `size`. Pass
 * sizeof(galley_segment_options): the library never writes past what the
 * caller's header declared. Does nothing when `options` is NULL or `size`
 * is smaller than the size of the first version of the struct. */
GALLEY_API void galley_segment_options_init(galley_segment_options *options, size_t size);

/* One segment: [start, end) in the offset unit asked for. */
typedef struct galley_span {
  size_t start;
  size_t end;
  galley_word_kind kind; /* GALLEY_WORD_* for words, GALLEY_WORD_NONE else */
  int32_t reserved;      /* always 0 */
} galley_span;

/* A segmenter: an ICU break iterator for one unit and language.
 * Threads: one per thread. A segmenter may move between threads but must
 * not be used by two at once. Creating one costs tens of microseconds (and
 * more the first time ICU loads a language's data): keep and reuse it. */
typedef struct galley_segmenter galley_segmenter;

/* The spans produced by one call. Immutable; may be read from any thread. */
typedef struct galley_spans galley_spans;

/* Creates a segmenter. `options` may be NULL for the defaults; otherwise
 * options->size must be the size of a version of the struct this library
 * knows (in 0.1, only sizeof(galley_segment_options)).
 * Returns GALLEY_STATUS_OK and sets `*out`, which the caller frees with
 * galley_segmenter_free(); or GALLEY_STATUS_INVALID_ARGUMENT (NULL `out`,
 * bad options size, unknown unit, flag or offset unit, lang not valid UTF-8
 * or not a well-formed BCP 47 tag), GALLEY_STATUS_ICU_ERROR or
 * GALLEY_STATUS_OUT_OF_MEMORY, with `*out` set to NULL; galley_errmsg()
 * says which. */
GALLEY_API galley_status galley_segmenter_new(const galley_segment_options *options,
                                              galley_segmenter **out);

/* Frees a segmenter. NULL is a no-op. Spans it produced stay valid. */
GALLEY_API void galley_segmenter_free(galley_segmenter *segmenter);

/* Splits `len` bytes of UTF-8 at `utf8` into segments.
 * On GALLEY_STATUS_OK, `*out` holds the spans (zero of them for empty or,
 * unless keeping whitespace, all-whitespace input); free it with
 * galley_spans_free(). On failure `*out` is set to NULL; galley_errmsg()
 * says why and, for GALLEY_STATUS_INVALID_UTF8, galley_error_offset() gives
 * the byte offset of the first bad byte. Errors: GALLEY_STATUS_INVALID_ARGUMENT (NULL
 * segmenter or `out`, NULL `utf8` with `len` > 0), GALLEY_STATUS_INVALID_UTF8,
 * GALLEY_STATUS_OUT_OF_MEMORY, GALLEY_STATUS_TOO_LARGE (`len` > 2^31 - 1
 * for graphemes, words and sentences), GALLEY_STATUS_ICU_ERROR. */
GALLEY_API galley_status galley_segmenter_split(galley_segmenter *segmenter,
                                                const char *utf8, size_t len,
                                                galley_spans **out);

/* Deprecated: galley_errmsg() has the same message. The message of the
 * segmenter's last failed call, or "" if the last call succeeded. Valid
 * until the next call on the segmenter or its free; never free it. Returns
 * "" for NULL. */
GALLEY_API GALLEY_DEPRECATED("use galley_errmsg()")
const char *galley_segmenter_errmsg(const galley_segmenter *segmenter);

/* Deprecated: galley_error_offset() has the same offset. The byte offset
 * of the first invalid byte when the segmenter's last call returned
 * GALLEY_STATUS_INVALID_UTF8; otherwise SIZE_MAX. Returns SIZE_MAX for NULL. */
GALLEY_API GALLEY_DEPRECATED("use galley_error_offset()")
size_t galley_segmenter_error_offset(const galley_segmenter *segmenter);

/* The number of spans. 0 for NULL. */
GALLEY_API size_t galley_spans_count(const galley_spans *spans);

/* The spans as a contiguous array of galley_spans_count() items, in text
 * order. Borrowed: valid until galley_spans_free(). NULL when there are no
 * spans or `spans` is NULL. */
GALLEY_API const galley_span *galley_spans_data(const galley_spans *spans);

/* Frees spans. NULL is a no-op. */
GALLEY_API void galley_spans_free(galley_spans *spans);

/* Splits `len` bytes of UTF-8 at `utf8` as galley_segmenter_split() does,
 * in one call and without a result object: the start and end of span i
 * (in the segmenter's offset unit) go to offsets[2 * i] and
 * offsets[2 * i + 1], for the first `capacity` spans; `*count` is set to
 * the number of spans, which may be larger than `capacity` (then only the
 * first `capacity` were written: call again with a larger array). Spans
 * never overlap and are never empty, so `len` spans always fit. Word kinds
 * are not returned (use galley_segmenter_split()). `offsets` may be NULL
 * when `capacity` is 0 (to count the spans).
 * Returns GALLEY_STATUS_OK, or with `*count` 0: GALLEY_STATUS_INVALID_ARGUMENT
 * (NULL segmenter or `count`, NULL `offsets` with a capacity, a capacity
 * past the address space, NULL `utf8` with `len` > 0),
 * GALLEY_STATUS_INVALID_UTF8 (galley_error_offset() gives the first bad
 * byte), GALLEY_STATUS_TOO_LARGE, GALLEY_STATUS_OUT_OF_MEMORY,
 * GALLEY_STATUS_ICU_ERROR, as galley_segmenter_split(). NUL bytes are text.
 * Threads: as the segmenter (one per thread). */
GALLEY_API galley_status galley_segmenter_split_offsets(galley_segmenter *segmenter,
                                                        const char *utf8, size_t len,
                                                        size_t *offsets, size_t capacity,
                                                        size_t *count);

/* The segments of many documents (the batch form of
 * galley_segmenter_split(), for callers that pay per call, such as
 * Python). Immutable; share freely. */
typedef struct galley_segment_batch galley_segment_batch;

/* Splits `count` documents in one call, on up to `threads` threads (0: one
 * per online CPU; 1: only the calling thread; never more than `count`).
 * Document i is the UTF-8 bytes texts[offsets[i] .. offsets[i + 1])
 * (`offsets` has count + 1 non-decreasing entries, the layout of Arrow's
 * string arrays). Each thread has its own segmenter made from `options`
 * (NULL for the defaults; checked as galley_segmenter_new() checks them)
 * and takes the next document not yet taken; the result is the same for
 * any number of threads and equal to galley_segmenter_split() on each
 * document, offsets relative to the document's start, without word kinds.
 *
 * A document that fails (invalid UTF-8, longer than ICU's limit, out of
 * memory) fails alone: it has no spans, and galley_segment_batch_error()
 * says why; the others are unaffected.
 * The call itself returns GALLEY_STATUS_INVALID_ARGUMENT with *out NULL
 * for NULL `out`, bad options (as galley_segmenter_new()), NULL arrays with
 * a count, or decreasing offsets; GALLEY_STATUS_OUT_OF_MEMORY or
 * GALLEY_STATUS_ICU_ERROR (opening a segmenter). Otherwise
 * GALLEY_STATUS_OK and *out (free with galley_segment_batch_free()). */
GALLEY_API galley_status galley_segment_many(const galley_segment_options *options,
                                             const char *texts, const size_t *offsets,
                                             size_t count, size_t threads,
                                             galley_segment_batch **out);

/* The number of documents. 0 for NULL. */
GALLEY_API size_t galley_segment_batch_count(const galley_segment_batch *batch);

/* count + 1 entries: document i's spans are spans span_starts[i] ..
 * span_starts[i + 1] of galley_segment_batch_offsets(). Borrowed until
 * galley_segment_batch_free(); NULL for NULL. */
GALLEY_API const size_t *galley_segment_batch_span_starts(const galley_segment_batch *batch);

/* Every span's start and end, two entries per span, documents in order;
 * the number of spans in *spans when spans is not NULL. Borrowed until
 * galley_segment_batch_free(); NULL (and 0 spans) for NULL. */
GALLEY_API const size_t *galley_segment_batch_offsets(const galley_segment_batch *batch,
                                                      size_t *spans);

/* How many documents failed. 0 for NULL. */
GALLEY_API size_t galley_segment_batch_failures(const galley_segment_batch *batch);

/* Why document i failed (borrowed until galley_segment_batch_free(),
 * NUL-terminated; for invalid UTF-8 it names the byte offset within the
 * document), or NULL when it did not fail or i is out of range. */
GALLEY_API const char *galley_segment_batch_error(const galley_segment_batch *batch, size_t i);

/* Frees a batch. NULL is a no-op. */
GALLEY_API void galley_segment_batch_free(galley_segment_batch *batch);

/* ------------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------------ */

/* Checks that `len` bytes at `utf8` are well-formed UTF-8 (Unicode 15,
 * Table 3-7: no overlong forms, surrogates or values above U+10FFFF).
 * Returns GALLEY_STATUS_OK, GALLEY_STATUS_INVALID_UTF8 (galley_error_offset()
 * gives the byte offset of the first bad byte), or
 * GALLEY_STATUS_INVALID_ARGUMENT for NULL `utf8` with `len` > 0.
 * `error_offset` is kept for old callers (pass NULL): when it is not NULL
 * it also receives the offset after GALLEY_STATUS_INVALID_UTF8. */
GALLEY_API galley_status galley_utf8_validate(const char *utf8, size_t len,
                                              size_t *error_offset);

/* ------------------------------------------------------------------------
 * Normalization
 *
 * galley_normalize() cleans text for segmentation and matching, in this
 * order:
 *  1. Removes the zero-width characters U+200B and U+2060 (not the joiners
 *     U+200C/U+200D, which carry meaning in emoji and Indic and Persian text), the
 *     byte order mark U+FEFF, SOFT HYPHEN U+00AD, U+180E, DEL and the C0
 *     and C1 controls except tab, LF, VT, FF, CR and NEL (U+0085), which
 *     the paragraph rules read as line ends.
 *  2. Applies NFC (the default) or NFKC, Unicode 15.0 as in ICU 72.
 *     Removal comes first, so "e", U+200B, U+0301 becomes "é".
 *  3. Maps every space separator (General_Category Zs: NBSP, U+2000..U+200A,
 *     NARROW NBSP U+202F, U+205F, IDEOGRAPHIC SPACE U+3000, ...) to U+0020.
 *     Unless GALLEY_NORMALIZE_KEEP_SPACE_RUNS is set, each run of spaces
 *     and tabs then becomes one space (a lone tab stays a tab), and a run
 *     that ends a line (before LF, VT, FF, CR, NEL, U+2028 or U+2029) or the
 *     text is dropped; a run that starts a line is kept, as one space.
 *  4. With GALLEY_NORMALIZE_FOLD_QUOTES / _FOLD_DASHES, folds typographic
 *     quotes and dashes to ASCII.
 * The result is in the form asked for, and normalizing it again with the
 * same options changes nothing.
 *
 * The result keeps a map from its offsets back to the input's, so spans
 * found on the normalized text (sentences, say) point into the original.
 * It is exact where text was kept or a whole character was replaced or
 * removed. Where normalization rewrote a stretch as a whole (NFKC "ﬁ" to
 * "fi", a combining sequence composed or reordered), an offset inside the
 * stretch maps to the start of its original and the stretch's end to the
 * original's end. Unchanged text costs the map nothing; each change costs
 * 8 to 16 bytes (twice that for text of 1 GiB or more).
 * ------------------------------------------------------------------------ */

/* The normalization form (galley_normalize_options.form). */
typedef int32_t galley_normalization_form;
enum {
  GALLEY_NORMALIZE_NFC = 0,  /* canonical composition; changes no meaning */
  GALLEY_NORMALIZE_NFKC = 1  /* also compatibility mappings: "ﬁ" to "fi",
                                full-width "Ａ" to "A", "①" and "¹" to "1" */
};

/* Flags (galley_normalize_options.flags), OR-ed together. */
enum {
  /* “ ” „ ‟ « » ‹ › become '"' and ‘ ’ ‚ ‛ become '\''. */
  GALLEY_NORMALIZE_FOLD_QUOTES = 1,
  /* ‐ ‑ ‒ – — ― and MINUS SIGN − become '-'. */
  GALLEY_NORMALIZE_FOLD_DASHES = 2,
  /* Unicode spaces still become U+0020, but runs of spaces and tabs are
   * neither collapsed nor dropped. */
  GALLEY_NORMALIZE_KEEP_SPACE_RUNS = 4
};

/* Options for galley_normalize(). Fill with
 * galley_normalize_options_init(&options, sizeof options), then change
 * fields. As with galley_segment_options, fields are only ever added at the
 * end and `size` tells the library which ones the caller knows. */
typedef struct galley_normalize_options {
  size_t size;                     /* sizeof(galley_normalize_options) as the caller knows it */
  galley_normalization_form form;  /* default GALLEY_NORMALIZE_NFC */
  int32_t flags;                   /* GALLEY_NORMALIZE_* flags; default 0 */
  /* The unit of the offsets the result's map takes and returns: UTF-8
   * bytes or code points (GALLEY_OFFSETS_CODEPOINTS, as Python's str
   * indexes), of the normalized text on one side and of the input on the
   * other. Default GALLEY_OFFSETS_UTF8. */
  galley_offset_unit offsets;
  int32_t reserved;                /* must be 0 */
} galley_normalize_options;

/* Fills the first `size` bytes of `*options` with the defaults (NFC, no
 * folding, runs collapsed, UTF-8 offsets) and sets options->size to `size`.
 * Pass sizeof(galley_normalize_options): the library never writes past what
 * the caller's header declared. Does nothing when `options` is NULL or
 * `size` is smaller than the size of the first version of the struct. */
GALLEY_API void galley_normalize_options_init(galley_normalize_options *options, size_t size);

/* A normalized text and its offset map. Immutable: may be read from any
 * number of threads at once. */
typedef struct galley_normalized galley_normalized;

/* Normalizes `len` bytes of UTF-8 at `utf8` (see the top of this section).
 * `options` may be NULL for the defaults; otherwise options->size must be
 * the size of a version of the struct this library knows (in 0.1, only
 * sizeof(galley_normalize_options)).
 * On GALLEY_STATUS_OK, `*out` holds the result; free it with
 * galley_normalized_free(). On failure `*out` is set to NULL, galley_errmsg()
 * says why and, for GALLEY_STATUS_INVALID_UTF8, galley_error_offset() gives
 * the byte offset of the first bad byte. `error_offset` is kept for old
 * callers (pass NULL): when it is not NULL it receives that offset, or
 * SIZE_MAX on every other outcome.
 * Errors: GALLEY_STATUS_INVALID_ARGUMENT (NULL `out`, NULL `utf8` with
 * `len` > 0, bad options size, unknown form, flag or offset unit, non-zero
 * reserved field), GALLEY_STATUS_INVALID_UTF8, GALLEY_STATUS_OUT_OF_MEMORY,
 * GALLEY_STATUS_TOO_LARGE (one normalization segment, a character and the
 * combining marks after it, of 2^31 bytes or more), GALLEY_STATUS_ICU_ERROR.
 * Threads: safe to call from any number of threads at once. Costs about
 * one pass over the text for mostly-ASCII text; ICU sees only the
 * characters that may change. */
GALLEY_API galley_status galley_normalize(const galley_normalize_options *options,
                                          const char *utf8, size_t len,
                                          galley_normalized **out, size_t *error_offset);

/* The normalized text: UTF-8, followed by a NUL that `*len` (when `len` is
 * not NULL) does not count; the text itself contains no NUL, since NUL is
 * a removed control. Borrowed: valid until galley_normalized_free(); never
 * free it. Returns NULL (and 0 in `*len`) for NULL. */
GALLEY_API const char *galley_normalized_text(const galley_normalized *normalized, size_t *len);

/* Where the character at `offset` of the normalized text came from: an
 * offset into the input, in the options' offset unit. `offset` runs from 0
 * to the length of the normalized text in that unit; the length maps to the
 * input's length. Text removed just before `offset` is skipped, so the
 * result is where the next kept character starts; an offset inside a
 * rewritten stretch maps to the stretch's original start. Non-decreasing
 * in `offset`. Use it for the start of a span.
 * Returns SIZE_MAX for NULL or an offset past the end. */
GALLEY_API size_t galley_normalized_original_offset(const galley_normalized *normalized, size_t offset);

/* The input offset just past the character before `offset` of the
 * normalized text: the end of what the text up to `offset` came from, in
 * the options' offset unit. Text removed just before `offset` is not
 * included; inside a rewritten stretch the result is the stretch's
 * original end; 0 maps to 0. Non-decreasing in `offset`. Use it for the end
 * of a span. Returns SIZE_MAX for NULL or an offset past the end. */
GALLEY_API size_t galley_normalized_original_end(const galley_normalized *normalized, size_t offset);

/* Maps `count` offsets in place, each as galley_normalized_original_offset()
 * does, in one call. Returns GALLEY_STATUS_OK, or
 * GALLEY_STATUS_INVALID_ARGUMENT (NULL `normalized`, NULL `offsets` with
 * `count` > 0, an offset past the end) with no offset changed. */
GALLEY_API galley_status galley_normalized_map_offsets(const galley_normalized *normalized,
                                                       size_t *offsets, size_t count);

/* Maps `count` spans of the normalized text in place to the input: `start`
 * as galley_normalized_original_offset() does and `end` as
 * galley_normalized_original_end() does, so removed text around a span is
 * left out; an empty span stays empty, at its start's mapping. `kind` and
 * `reserved` are left alone. Returns GALLEY_STATUS_OK, or
 * GALLEY_STATUS_INVALID_ARGUMENT (NULL `normalized`, NULL `spans` with
 * `count` > 0, a start after its end or an end past the end of the text)
 * with no span changed. */
GALLEY_API galley_status galley_normalized_map_spans(const galley_normalized *normalized,
                                                     galley_span *spans, size_t count);

/* Frees a normalized text and its map. NULL is a no-op. */
GALLEY_API void galley_normalized_free(galley_normalized *normalized);

/* ------------------------------------------------------------------------
 * Near-duplicate paragraphs
 *
 * A dedup index remembers paragraphs in input order. Each added paragraph
 * comes back kept, or as a duplicate of an earlier one: which one (document
 * id, paragraph index, global sequence), how similar, and what kind.
 *
 * Fingerprints: NFKC case folding, apostrophes ignored, UAX #29 word tokens
 * (letters, numbers, kana, ideographs; punctuation and symbols dropped,
 * digits kept), word 5-grams by default (or character n-grams), a 64-bit
 * hash of the token sequence for exact duplicates, and a one-permutation
 * MinHash signature. Candidates come from LSH banding chosen from the
 * threshold for high recall; every candidate is verified on the shingle sets
 * (kept as 16-bit fingerprints), so similarities are measured, not
 * estimated. Paragraphs with fewer tokens than the shingle size match by the
 * exact hash only. The first paragraph seen is kept; among several earlier
 * matches the best wins (near over contained, then the highest similarity,
 * then the earliest). Results depend only on the input order.
 * ------------------------------------------------------------------------ */

/* Shingle kinds (galley_dedup_options.shingle). */
enum {
  GALLEY_SHINGLE_WORDS = 0,
  GALLEY_SHINGLE_CHARACTERS = 1
};

/* Duplicate kinds (galley_dedup_match.kind). */
typedef int32_t galley_duplicate_kind;
enum {
  GALLEY_DUPLICATE_NONE = 0,      /* kept: the first of its kind */
  GALLEY_DUPLICATE_EXACT = 1,     /* same normalized token sequence */
  GALLEY_DUPLICATE_NEAR = 2,      /* Jaccard >= threshold */
  GALLEY_DUPLICATE_CONTAINED = 3  /* containment >= containment threshold */
};

/* Options for galley_dedup_index_new(); fill with galley_dedup_options_init()
 * (same conventions as galley_segment_options). */
typedef struct galley_dedup_options {
  size_t size;            /* sizeof(galley_dedup_options) as the caller knows it */
  int32_t shingle;        /* GALLEY_SHINGLE_*; default WORDS */
  int32_t shingle_size;   /* n of the n-grams, 1..32; default 5 */
  double threshold;       /* Jaccard threshold in (0, 1]; default 0.8 */
  double containment;     /* containment threshold in (0, 1], or 0 for none;
                             default 0.9 */
  int32_t permutations;   /* MinHash bins, 8..1024; default 64 */
  int32_t reserved;       /* must be 0 */
  /* Since 0.3 (a caller that gives version 1's size gets the default): at
   * most this many of the most recent paragraphs of each LSH bucket are
   * verified for a new paragraph, so adding one costs at most
   * bands x candidates_per_bucket verifications whatever the input (text
   * that many paragraphs share without being duplicates fills one bucket).
   * 0 verifies them all (no bound; quadratic on such input). Default 128,
   * far above the buckets of ordinary text. A verification rule: it may
   * change between runs of one index file. */
  int32_t candidates_per_bucket;
  int32_t reserved2;      /* must be 0 */
} galley_dedup_options;

/* Fills the first `size` bytes of `*options` with the defaults and sets
 * options->size. Does nothing for NULL or a size smaller than version 1's. */
GALLEY_API void galley_dedup_options_init(galley_dedup_options *options, size_t size);

/* A dedup index, in memory or in an SQLite file. Threads: one writer at a
 * time; the index may move between threads. */
typedef struct galley_dedup_index galley_dedup_index;

/* One result per added paragraph. */
typedef struct galley_dedup_match {
  galley_duplicate_kind kind; /* GALLEY_DUPLICATE_NONE when kept */
  int32_t paragraph;          /* the earlier paragraph's index in its document,
                                 -1 when kept */
  int64_t sequence;           /* the earlier paragraph's global sequence
                                 (input order from 0), -1 when kept */
  double similarity;          /* 1 for exact; Jaccard for near; containment
                                 for contained; 0 when kept */
} galley_dedup_match;

/* The results of one call. Immutable; may be read from any thread. */
typedef struct galley_dedup_results galley_dedup_results;

/* Creates an empty in-memory index. `options` may be NULL for the defaults.
 * Returns GALLEY_STATUS_OK and sets *out (free with galley_dedup_index_free),
 * or GALLEY_STATUS_INVALID_ARGUMENT (NULL out, bad options) with *out NULL. */
GALLEY_API galley_status galley_dedup_index_new(const galley_dedup_options *options,
                                                galley_dedup_index **out);

/* Opens an index kept in the SQLite file at `path` (NUL-terminated UTF-8;
 * created when missing or empty), restoring exactly the state of the last
 * committed batch. Each galley_dedup_index_add() is one transaction (WAL,
 * synchronous=FULL): a crash loses at most the batch in flight. The options
 * must match the fingerprint settings the file was built with (shingles,
 * permutations and the banding the threshold chooses); `options` may be NULL
 * for the defaults. `path` NULL gives an in-memory index, as
 * galley_dedup_index_new(). One index per file at a time.
 * Returns GALLEY_STATUS_OK and sets *out. On failure returns
 * GALLEY_STATUS_INVALID_ARGUMENT (bad options, an empty path, a file built
 * with other settings), GALLEY_STATUS_NOT_AN_INDEX, GALLEY_STATUS_CORRUPT,
 * GALLEY_STATUS_BUSY (open elsewhere), GALLEY_STATUS_READONLY,
 * GALLEY_STATUS_FULL, GALLEY_STATUS_STORAGE (see the status codes) or
 * GALLEY_STATUS_OUT_OF_MEMORY, with *out set to NULL and galley_errmsg()
 * naming the file and what happened. (Before 0.2 a failed open set *out to
 * a handle that only carried the message; a caller that frees *out after a
 * failure still works, since galley_dedup_index_free(NULL) is a no-op.) */
GALLEY_API galley_status galley_dedup_index_open(const char *path,
                                                 const galley_dedup_options *options,
                                                 galley_dedup_index **out);

/* Whether a document with this id (`len` bytes of UTF-8) is in the index,
 * to resume a run: a document counts once a committed batch stored at least
 * one of its paragraphs. Returns GALLEY_STATUS_OK and sets *found to 1 or
 * 0; or GALLEY_STATUS_INVALID_ARGUMENT (NULL index or found, NULL id with a
 * length), GALLEY_STATUS_INVALID_UTF8, or a storage status for a file
 * index, with *found untouched. */
GALLEY_API galley_status galley_dedup_index_has(galley_dedup_index *index, const char *id, size_t len,
                                                int32_t *found);

/* Deprecated: galley_dedup_index_has() returns a status like every other
 * call. 1 when the document is in the index, 0 when not, -1 on error (the
 * thread's last error says why, as for a galley_status call). */
GALLEY_API GALLEY_DEPRECATED("use galley_dedup_index_has()")
int32_t galley_dedup_index_contains(galley_dedup_index *index, const char *id, size_t len);

/* Frees an index (closing its file). NULL is a no-op. Results it produced
 * stay valid. */
GALLEY_API void galley_dedup_index_free(galley_dedup_index *index);

/* Adds a batch of documents, each with its paragraphs, in order, as one
 * unit: if any input is invalid nothing is added.
 *   documents            number of documents
 *   ids, id_offsets      document ids: id k is ids[id_offsets[k] ..
 *                        id_offsets[k+1]) (documents + 1 offsets), UTF-8
 *   text, text_offsets   all paragraphs, concatenated: paragraph j is
 *                        text[text_offsets[j] .. text_offsets[j+1]), UTF-8
 *   document_paragraphs  documents + 1 offsets into the paragraph list:
 *                        document k has paragraphs document_paragraphs[k] ..
 *                        document_paragraphs[k+1]; the last entry is the
 *                        number of paragraphs (so text_offsets has that many
 *                        entries + 1)
 * Offsets must be non-decreasing. On GALLEY_STATUS_OK, *out holds one
 * galley_dedup_match per paragraph in order. Errors: INVALID_ARGUMENT (NULL
 * pointers with non-zero counts, offsets out of order), INVALID_UTF8 (the
 * message names the paragraph or id; galley_error_item() gives the index
 * of the paragraph, or of the document for an id, and galley_error_offset()
 * the byte offset within `text` or `ids`), OUT_OF_MEMORY, ICU_ERROR, and for
 * a file index the storage statuses (FULL, READONLY, BUSY, CORRUPT, STORAGE:
 * the batch is rolled back, in memory and on disk; the message names the
 * file). galley_dedup_index_free() checkpoints the file: no -wal or -shm
 * file remains after it. */
GALLEY_API galley_status galley_dedup_index_add(galley_dedup_index *index, size_t documents,
                                                const char *ids, const size_t *id_offsets,
                                                const char *text, const size_t *text_offsets,
                                                const size_t *document_paragraphs,
                                                galley_dedup_results **out);

/* Paragraphs in the index. 0 for NULL. */
GALLEY_API size_t galley_dedup_index_count(const galley_dedup_index *index);

/* The stored paragraph with global sequence `sequence` (0 ..
 * galley_dedup_index_count() - 1): its document id (borrowed UTF-8,
 * NUL-terminated, valid until the next call on the index; its length in
 * *id_len) and index within the document, and in *match what it duplicates
 * (kind GALLEY_DUPLICATE_NONE when it was kept). Walking every sequence
 * lists the duplicate clusters. Returns GALLEY_STATUS_OK, or
 * GALLEY_STATUS_INVALID_ARGUMENT for NULL pointers or a sequence out of
 * range. */
GALLEY_API galley_status galley_dedup_index_paragraph(galley_dedup_index *index, int64_t sequence,
                                                      const char **id, size_t *id_len,
                                                      int32_t *paragraph, galley_dedup_match *match);

/* Deprecated: galley_errmsg() has the same message. The index's last
 * error's message ("" after a success). Valid until the next call on the
 * index; never free it. "" for NULL. */
GALLEY_API GALLEY_DEPRECATED("use galley_errmsg()")
const char *galley_dedup_index_errmsg(const galley_dedup_index *index);

/* Deprecated: galley_error_offset() has the same offset. After the index's
 * last call returned INVALID_UTF8: the byte offset of the first bad byte in
 * the buffer named by the message; otherwise SIZE_MAX. */
GALLEY_API GALLEY_DEPRECATED("use galley_error_offset()")
size_t galley_dedup_index_error_offset(const galley_dedup_index *index);

/* Duplicates within one text: its paragraphs (as galley_segmenter_split with
 * GALLEY_UNIT_PARAGRAPH finds them) compared with each other. On
 * GALLEY_STATUS_OK, *out holds one result per paragraph. Errors:
 * GALLEY_STATUS_INVALID_ARGUMENT (NULL out, bad options, NULL text with a
 * length), GALLEY_STATUS_INVALID_UTF8 (galley_error_offset() gives the
 * first bad byte), GALLEY_STATUS_OUT_OF_MEMORY, GALLEY_STATUS_ICU_ERROR,
 * with *out NULL. `error_offset` is kept for old callers (pass NULL): when
 * not NULL it is SIZE_MAX, or the first bad byte's offset on INVALID_UTF8. */
GALLEY_API galley_status galley_dedup_paragraphs(const galley_dedup_options *options,
                                                 const char *utf8, size_t len,
                                                 galley_dedup_results **out,
                                                 size_t *error_offset);

/* The number of results. 0 for NULL. */
GALLEY_API size_t galley_dedup_results_count(const galley_dedup_results *results);

/* The results as an array (borrowed, valid until galley_dedup_results_free);
 * NULL when empty. */
GALLEY_API const galley_dedup_match *galley_dedup_results_data(const galley_dedup_results *results);

/* The document id of result i's earlier paragraph, as UTF-8 (borrowed, NUL-
 * terminated, valid until galley_dedup_results_free); *len gets its length
 * when len is not NULL. "" for a kept paragraph; NULL when i is out of range. */
GALLEY_API const char *galley_dedup_results_document(const galley_dedup_results *results,
                                                     size_t i, size_t *len);

/* Frees results. NULL is a no-op. */
GALLEY_API void galley_dedup_results_free(galley_dedup_results *results);

/* ------------------------------------------------------------------------
 * URLs
 *
 * A WHATWG URL Standard parser (the basic URL parser; all 891 cases of the
 * web-platform-tests urltestdata.json pass), with IDNA through ICU's UTS #46
 * (nontransitional, CheckBidi and CheckJoiners on, no STD3 rules, hyphen
 * and DNS-length checks off, as the standard requires).
 * ------------------------------------------------------------------------ */

/* A parsed URL, or the reason parsing failed. Immutable; share freely. */
typedef struct galley_url galley_url;

/* Components (galley_url_component()), serialized as the standard's API
 * attributes: "https:", "user", "pass", "example.com:8080", "example.com",
 * "8080", "/a/b", "?q=1", "#top". */
typedef int32_t galley_url_part;
enum {
  GALLEY_URL_HREF = 0,
  GALLEY_URL_PROTOCOL = 1,
  GALLEY_URL_USERNAME = 2,
  GALLEY_URL_PASSWORD = 3,
  GALLEY_URL_HOST = 4,
  GALLEY_URL_HOSTNAME = 5,
  GALLEY_URL_PORT = 6,
  GALLEY_URL_PATHNAME = 7,
  GALLEY_URL_SEARCH = 8,
  GALLEY_URL_HASH = 9
};

/* Parses `len` bytes of UTF-8 at `input`, relative to `base` (base_len
 * bytes of UTF-8; NULL with base_len 0 for none). Returns GALLEY_STATUS_OK
 * and sets *out; or GALLEY_STATUS_INVALID_ARGUMENT when the input (or the
 * base) is not a valid URL or an argument is NULL with a length,
 * GALLEY_STATUS_INVALID_UTF8 or GALLEY_STATUS_OUT_OF_MEMORY, with *out set
 * to NULL and galley_errmsg() saying why ("base URL: …" when the base is at
 * fault). (Before 0.2 a failure set *out to a handle that carried the
 * message; galley_url_free(NULL) is a no-op, so old callers still work.) */
GALLEY_API galley_status galley_url_parse(const char *input, size_t len, const char *base,
                                          size_t base_len, galley_url **out);

/* A component of a parsed URL: borrowed UTF-8, NUL-terminated, valid until
 * galley_url_free(); *len (if not NULL) gets its length. NULL for NULL
 * `url` or an unknown part. */
GALLEY_API const char *galley_url_component(const galley_url *url, galley_url_part part, size_t *len);

/* Deprecated: a URL handle now only ever holds a parsed URL (a failure
 * sets *out to NULL and galley_errmsg() says why), so this is always "". */
GALLEY_API GALLEY_DEPRECATED("use galley_errmsg()")
const char *galley_url_errmsg(const galley_url *url);

/* Frees a URL. NULL is a no-op. */
GALLEY_API void galley_url_free(galley_url *url);

/* Flags (galley_canonical_options.flags). */
enum {
  GALLEY_CANONICAL_KEEP_FRAGMENT = 1, /* keep "#…" (dropped by default) */
  GALLEY_CANONICAL_KEEP_ORDER = 2,    /* do not sort the query parameters */
  /* The match key instead of the canonical URL: also folds http into https,
   * a leading "www.", "m.", "mobile." or "amp." host label, AMP paths
   * ("/amp/", ".amp.html"), AMP query switches ("amp", "outputType", …),
   * AMP cache and Google AMP viewer URLs (to the page they serve), trailing
   * slashes and a trailing host dot. For comparing links, never fetching. */
  GALLEY_CANONICAL_MATCH_KEY = 4,
  /* Drop "#!" fragments too (kept by default: a hashbang route names a
   * page). */
  GALLEY_CANONICAL_DROP_HASHBANG = 8
};

/* Options for galley_url_canonicalize(); fill with
 * galley_canonical_options_init(). */
typedef struct galley_canonical_options {
  size_t size;                    /* sizeof(galley_canonical_options) */
  int32_t flags;                  /* GALLEY_CANONICAL_*; default 0 */
  int32_t reserved;               /* must be 0 */
  /* Tracking parameters to drop: NULL for Galley's documented default list
   * (utm_*, fbclid, gclid, dclid, gbraid, wbraid, msclkid, yclid, mc_cid,
   * mc_eid, _ga, _gl, igshid and about sixty more campaign, ad-network and
   * e-mail-tool parameters; never generic names such as ref, id, source or
   * page; news sites' CMP, smid, smtyp, partner, emc, at_*, ns_*, xtor, ocid
   * and outputType=amp; session ids PHPSESSID, sid, jsessionid); otherwise
   * `tracking_count` NUL-terminated UTF-8 names that replace it, each an
   * exact name, a prefix ending in '*', or "name=value" (that pair only).
   * Names match the percent-decoded parameter name, case-insensitively.
   * Borrowed during the call only. Whatever the list, "s" and "t" are
   * dropped on x.com and twitter.com (share tracking) and ";jsessionid=…"
   * path parameters are dropped. */
  const char *const *tracking;
  size_t tracking_count;
} galley_canonical_options;

/* Fills the first `size` bytes of `*options` with the defaults and sets
 * options->size. Does nothing for NULL or a size smaller than version 1's. */
GALLEY_API void galley_canonical_options_init(galley_canonical_options *options, size_t size);

/* The canonical form of a URL, for matching links: parsed relative to
 * `base` (NULL with base_len 0 for none), fragment dropped (except "#!"
 * routes, unless GALLEY_CANONICAL_DROP_HASHBANG), tracking
 * parameters dropped, the remaining query parameters sorted by name (stable
 * for equal names; an empty query loses its "?"), percent-escapes upper-cased
 * and escapes of unreserved characters (A-Z a-z 0-9 - . _ ~) decoded in the
 * path and query; host, port and scheme as the parser normalizes them.
 * Idempotent. `options` may be NULL for the defaults. Returns and sets *out
 * as galley_url_parse() does (GALLEY_URL_HREF is the canonical string). */
GALLEY_API galley_status galley_url_canonicalize(const galley_canonical_options *options,
                                                 const char *input, size_t len, const char *base,
                                                 size_t base_len, galley_url **out);

/* Many URLs canonicalized at once (the batch form of
 * galley_url_canonicalize(), for callers that pay per call, such as Python).
 * Immutable; share freely. */
typedef struct galley_url_list galley_url_list;

/* Canonicalizes `count` URLs in one call. URL i is the bytes
 * urls[offsets[i] .. offsets[i + 1]) (UTF-8; `offsets` has count + 1
 * non-decreasing entries, the layout of Arrow's string arrays). The
 * `base_count` bases are laid out the same way in `bases`/`base_offsets`;
 * URL i is resolved against base base_index[i] (-1: no base), or, with
 * base_index NULL, against the only base when base_count is 1 (none when it
 * is 0). Each base is parsed once. `options` as galley_url_canonicalize().
 *
 * A URL that fails — not UTF-8, not a URL, or its base not a URL — fails
 * alone: galley_url_list_get() returns NULL for it and
 * galley_url_list_error() says why. The call itself returns
 * GALLEY_STATUS_INVALID_ARGUMENT with *out NULL for NULL out, bad options,
 * NULL arrays with a count, decreasing offsets, base_index entries out of
 * range, or several bases without base_index; GALLEY_STATUS_OUT_OF_MEMORY.
 * Otherwise GALLEY_STATUS_OK and *out (free with galley_url_list_free()). */
GALLEY_API galley_status galley_url_canonicalize_many(const galley_canonical_options *options,
                                                      const char *urls, const size_t *offsets,
                                                      size_t count, const char *bases,
                                                      const size_t *base_offsets, size_t base_count,
                                                      const int32_t *base_index, galley_url_list **out);

/* The number of URLs in the list. 0 for NULL. */
GALLEY_API size_t galley_url_list_count(const galley_url_list *list);

/* How many of them failed. 0 for NULL. */
GALLEY_API size_t galley_url_list_failures(const galley_url_list *list);

/* URL i's canonical href (ASCII, borrowed until galley_url_list_free(); NOT
 * NUL-terminated: its length is in *len when len is not NULL), or NULL when
 * URL i failed or i is out of range. */
GALLEY_API const char *galley_url_list_get(const galley_url_list *list, size_t i, size_t *len);

/* Why URL i failed (borrowed, NUL-terminated), or NULL when it did not
 * fail or i is out of range. */
GALLEY_API const char *galley_url_list_error(const galley_url_list *list, size_t i);

/* Every href in order, each followed by "\n", a failed URL by an empty
 * line (an href is never empty): borrowed, NUL-terminated, ASCII, length in
 * *len when len is not NULL. "" for NULL. */
GALLEY_API const char *galley_url_list_text(const galley_url_list *list, size_t *len);

/* Frees a list. NULL is a no-op. */
GALLEY_API void galley_url_list_free(galley_url_list *list);

/* Modes of galley_url_write(). */
enum {
  GALLEY_URL_WRITE_PARSED = 0,   /* the URL as galley_url_parse() serializes it */
  GALLEY_URL_WRITE_CANONICAL = 1 /* as galley_url_canonicalize() with `options` */
};

/* One URL in one call, into the caller's buffer: parses `len` bytes of
 * UTF-8 at `input` relative to `base` (base_len bytes; NULL with 0 for
 * none), in `mode` (GALLEY_URL_WRITE_*; `options` is read for
 * GALLEY_URL_WRITE_CANONICAL only and may be NULL for the defaults), and
 * writes its href (ASCII, not NUL-terminated) to buf[0 .. *href_len).
 * When `spans` is not NULL it receives 20 entries: spans[2 * part] and
 * spans[2 * part + 1] are the [start, end) byte offsets in the href of each
 * galley_url_part (an absent component is an empty range), so one call
 * gives every component without a handle.
 *
 * Returns GALLEY_STATUS_OK; GALLEY_STATUS_TOO_LARGE with *href_len set to
 * the length needed when `capacity` is too small (buf and spans untouched:
 * call again with a larger buffer); GALLEY_STATUS_INVALID_UTF8;
 * GALLEY_STATUS_INVALID_ARGUMENT when the URL or base is not a valid URL,
 * for NULL href_len, NULL input or base with a length, NULL buf with a
 * capacity, an unknown mode or bad options; galley_errmsg() says why. On
 * a failure other than GALLEY_STATUS_TOO_LARGE, buf, *href_len and spans
 * are untouched. Thread-safe; keeps no pointer after the call. */
GALLEY_API galley_status galley_url_write(int32_t mode, const galley_canonical_options *options,
                                          const char *input, size_t len, const char *base, size_t base_len,
                                          char *buf, size_t capacity, size_t *href_len, size_t *spans);

/* Units of the lengths of galley_url_canonicalize_lengths(). */
enum {
  GALLEY_URL_LENGTHS_BYTES = 0,      /* UTF-8 bytes */
  GALLEY_URL_LENGTHS_CODE_POINTS = 1 /* code points: the bytes that do not continue a sequence (10xxxxxx) */
};

/* galley_url_canonicalize_many() with the items given by their lengths
 * instead of offsets, in `unit` (GALLEY_URL_LENGTHS_*): URL i is the next
 * lengths[i] bytes or code points of `urls` (urls_size bytes in all), and
 * the bases likewise in `bases`/`base_lengths`. For callers whose strings
 * know their length in code points (Python's str): they encode all the
 * URLs in one go and pass the lengths they have. The same results, errors
 * and list as galley_url_canonicalize_many(); also
 * GALLEY_STATUS_INVALID_ARGUMENT for an unknown unit or lengths that do not
 * add up to urls_size (bases_size). NULL lengths with a count of 0 is an
 * empty batch. */
GALLEY_API galley_status galley_url_canonicalize_lengths(const galley_canonical_options *options, int32_t unit,
                                                         const char *urls, size_t urls_size,
                                                         const size_t *lengths, size_t count,
                                                         const char *bases, size_t bases_size,
                                                         const size_t *base_lengths, size_t base_count,
                                                         const int32_t *base_index, galley_url_list **out);

/* ------------------------------------------------------------------------
 * Related links
 *
 * Finds "Related:" / "Read also:" / "Читайте також:" blocks (markers in en
 * uk ru de fr es it pt pl nl no sv cs fi, and ja zh), splits them from the
 * body and returns their links: title (display form, matching key, ASCII
 * slug) and URL (as written, and canonical as galley_url_canonicalize()
 * gives it with the default options, resolved against the base URL).
 * Items collapse on the canonical URL, or on the title key without one.
 * ------------------------------------------------------------------------ */

/* The body and links of one text. Immutable; share freely. */
typedef struct galley_related galley_related;

/* Fields of a link (galley_related_field()). */
typedef int32_t galley_related_part;
enum {
  GALLEY_RELATED_TITLE = 0,         /* display title */
  GALLEY_RELATED_KEY = 1,           /* case- and punctuation-insensitive key */
  GALLEY_RELATED_SLUG = 2,          /* ASCII slug */
  GALLEY_RELATED_URL = 3,           /* as written */
  GALLEY_RELATED_CANONICAL_URL = 4,
  GALLEY_RELATED_URL_ERROR = 5,     /* why the URL did not parse */
  GALLEY_RELATED_KIND = 6           /* "related" (Related, Read also, ...) or
                                       "more" (Most read, Latest, Trending, ...) */
};

/* Splits `len` bytes of UTF-8 into body and related links; `base_url`
 * (base_len bytes; NULL with 0 for none) resolves relative links. Returns
 * GALLEY_STATUS_OK and sets *out (free with galley_related_free()); or
 * GALLEY_STATUS_INVALID_UTF8 (galley_error_offset() gives the first bad
 * byte; "base URL: …" in the message when the base is at fault),
 * GALLEY_STATUS_INVALID_ARGUMENT (NULL with a length, NULL out),
 * GALLEY_STATUS_OUT_OF_MEMORY or GALLEY_STATUS_ICU_ERROR, with *out NULL.
 * `error_offset` is kept for old callers (pass NULL): when not NULL it
 * receives the first bad byte's offset, SIZE_MAX otherwise. */
GALLEY_API galley_status galley_related_links(const char *utf8, size_t len, const char *base_url,
                                              size_t base_len, galley_related **out, size_t *error_offset);

/* The text without its related blocks (borrowed UTF-8, NUL-terminated,
 * valid until galley_related_free(); length in *len). "" for NULL. */
GALLEY_API const char *galley_related_body(const galley_related *related, size_t *len);

/* The number of links. 0 for NULL. */
GALLEY_API size_t galley_related_count(const galley_related *related);

/* A field of link i (borrowed UTF-8, NUL-terminated, valid until
 * galley_related_free(); length in *len when not NULL), or NULL when the
 * link has no such field (a bare URL has no title; a plain headline no URL;
 * a URL that parsed has no error) or i or part is out of range. */
GALLEY_API const char *galley_related_field(const galley_related *related, size_t i,
                                            galley_related_part part, size_t *len);

/* Frees the result. NULL is a no-op. */
GALLEY_API void galley_related_free(galley_related *related);

/* ------------------------------------------------------------------------
 * Articles: the whole pipeline on one text
 *
 * Normalization (NFC, spaces) -> related-link blocks split off -> paragraphs
 * -> sentences (in the article's language, detected when not given; glued
 * sentences split) -> near-duplicate paragraphs (within the article and,
 * with an index, against every paragraph the index holds, which then keeps
 * them) -> related links canonicalized against the article's URL. The same
 * pipeline as `galley process`, one article per call.
 * ------------------------------------------------------------------------ */

/* Flags (galley_process_options.flags). */
enum {
  GALLEY_PROCESS_NO_REPAIR = 1,      /* do not split glued sentences */
  GALLEY_PROCESS_NO_RELATED = 2,     /* leave related-link blocks in the body */
  GALLEY_PROCESS_SCALAR_OFFSETS = 4  /* spans in Unicode scalars, not bytes */
};

/* Options for galley_process_article(); fill with galley_process_options_init(). The
 * strings are NUL-terminated UTF-8, borrowed during the call only. */
typedef struct galley_process_options {
  size_t size;       /* sizeof(galley_process_options) */
  int32_t flags;     /* GALLEY_PROCESS_*; default 0 */
  int32_t reserved;  /* must be 0 */
  const char *id;    /* names the article in the result and the index; NULL: "" */
  const char *url;   /* the article's own URL, for relative links; NULL: none */
  const char *lang;  /* BCP 47 tag ("uk", "pt-BR"); NULL: detect it */
} galley_process_options;

/* Fills the first `size` bytes of `*options` with the defaults and sets
 * options->size. Does nothing for NULL or a size smaller than version 1's. */
GALLEY_API void galley_process_options_init(galley_process_options *options, size_t size);

/* Runs the pipeline on `len` bytes of UTF-8 and sets *json to the result, one
 * line of JSON (the record `galley process` writes; see the README):
 *
 *   {"id":…,"url":…,"lang":"en","lang_detected":true,
 *    "paragraphs":[{"text":…,"span":[0,42],"sentences":[[0,20],[21,42]],
 *                   "duplicate":null or {"id":…,"paragraph":2,"similarity":0.91,"kind":"near"}}],
 *    "related":[{"title":…,"key":…,"slug":…,"url":…,"canonical_url":…,"error":…,"kind":"related"|"more"}],
 *    "counts":{"bytes":…,"paragraphs":…,"sentences":…,"duplicates":…,"related":…}}
 *
 * Spans are byte offsets into `utf8` (scalar offsets with
 * GALLEY_PROCESS_SCALAR_OFFSETS); "text" is the normalized paragraph. A
 * paragraph that renders no text ("* * *", "**", "---") has no sentences.
 * `index` may be NULL: duplicates are then searched within the article only;
 * with an index (one writer at a time), its fingerprint options are used and
 * the article's paragraphs are added to it under `id` (one transaction).
 * `options` may be NULL for the defaults. *json_len (when not NULL) gets the
 * length; free *json with galley_string_free().
 *
 * Returns GALLEY_STATUS_OK; or GALLEY_STATUS_INVALID_UTF8 (galley_error_offset()
 * gives the first bad byte), GALLEY_STATUS_INVALID_ARGUMENT (NULL text with
 * a length, NULL json, bad options, a malformed language tag), a storage
 * status for a file index (the article's paragraphs are then not added),
 * GALLEY_STATUS_TOO_LARGE, GALLEY_STATUS_ICU_ERROR or
 * GALLEY_STATUS_OUT_OF_MEMORY, with *json set to NULL, *json_len to 0 and
 * galley_errmsg() saying why. A caller that writes JSON Lines writes the
 * error record {"id":…,"source":null,"error":…} from galley_errmsg(), as
 * `galley process` does. */
GALLEY_API galley_status galley_process_article(const galley_process_options *options,
                                                const char *utf8, size_t len,
                                                galley_dedup_index *index, char **json,
                                                size_t *json_len);

/* Deprecated: galley_process_article() follows the header's conventions.
 * The same as galley_process_article(), except that a failure other than
 * NULL `json` or out of memory still sets *json (and *json_len) to an error
 * record {"id":…,"source":null,"error":"why"}, which the caller frees with
 * galley_string_free(); the status and the thread's last error are as
 * galley_process_article() gives them. */
GALLEY_API GALLEY_DEPRECATED("use galley_process_article()")
galley_status galley_process(const galley_process_options *options, const char *utf8, size_t len,
                             galley_dedup_index *index, char **json, size_t *json_len);

/* Frees a string the library returned (galley_process_article()'s JSON).
 * NULL is a no-op. */
GALLEY_API void galley_string_free(char *s);

/* ------------------------------------------------------------------------
 * Experimental: distributed deduplication
 *
 * What galley.dask needs to deduplicate where no single index can hold the
 * corpus. These declarations may change, or go, in any minor version; they
 * follow the header's conventions (errors included) while they last.
 * ------------------------------------------------------------------------ */

/* Fingerprints of many paragraphs, column by column: what DedupIndex
 * compares, for deduplicating where no single index can hold the corpus
 * (galley.dask shuffles them between workers). Immutable; share freely. */
typedef struct galley_fingerprints galley_fingerprints;

/* Fingerprints paragraph i = text[offsets[i] .. offsets[i + 1]) (UTF-8;
 * count + 1 non-decreasing offsets) with `options` (NULL: the defaults) and
 * sets *out (free with galley_fingerprints_free()). Returns
 * GALLEY_STATUS_INVALID_UTF8 (galley_error_item() gives the paragraph's
 * index, galley_error_offset() the bad byte's offset within `text`),
 * GALLEY_STATUS_INVALID_ARGUMENT (bad options, NULL arrays with a count,
 * decreasing offsets, NULL out), GALLEY_STATUS_OUT_OF_MEMORY or
 * GALLEY_STATUS_ICU_ERROR, with *out NULL. `error_item` is kept for old
 * callers (pass NULL): when not NULL it receives the paragraph's index
 * after INVALID_UTF8, SIZE_MAX otherwise. */
GALLEY_API galley_status galley_dedup_fingerprints(const galley_dedup_options *options, const char *text,
                                                   const size_t *offsets, size_t count,
                                                   galley_fingerprints **out, size_t *error_item);

/* The columns, each valid until galley_fingerprints_free() (NULL for NULL):
 * count paragraphs; per paragraph the exact hash (the same for the same
 * normalized token sequence) and token count; band keys, count + 1 offsets
 * into them (a paragraph without shingles has none, the others one per LSH
 * band); sorted unique 16-bit shingles, count + 1 offsets into them. Two
 * paragraphs are LSH candidates when they share a key at the same position
 * within their band keys. */
GALLEY_API size_t galley_fingerprints_count(const galley_fingerprints *fp);
GALLEY_API const uint64_t *galley_fingerprints_exact(const galley_fingerprints *fp);
GALLEY_API const int32_t *galley_fingerprints_tokens(const galley_fingerprints *fp);
GALLEY_API const size_t *galley_fingerprints_band_offsets(const galley_fingerprints *fp);
GALLEY_API const uint32_t *galley_fingerprints_band_keys(const galley_fingerprints *fp);
GALLEY_API const size_t *galley_fingerprints_shingle_offsets(const galley_fingerprints *fp);
GALLEY_API const uint16_t *galley_fingerprints_shingles(const galley_fingerprints *fp);

/* Frees fingerprints. NULL is a no-op. */
GALLEY_API void galley_fingerprints_free(galley_fingerprints *fp);

/* For `count` pairs of sorted, unique shingle sets (as galley_fingerprints
 * gives them): pair k is a[a_offsets[k] .. a_offsets[k + 1]) and
 * b[b_offsets[k] .. b_offsets[k + 1]]; sets shared[k] to the number of
 * shingles both hold, as DedupIndex counts them when it verifies a
 * candidate (Jaccard = shared / (|a| + |b| - shared); containment = shared /
 * min(|a|, |b|)). Returns GALLEY_STATUS_INVALID_ARGUMENT for NULL arrays with
 * a count or decreasing offsets, else GALLEY_STATUS_OK. */
GALLEY_API galley_status galley_dedup_overlaps(const uint16_t *a, const size_t *a_offsets, const uint16_t *b,
                                               const size_t *b_offsets, size_t count, uint64_t *shared);

#ifdef __cplusplus
}
#endif

#endif /* GALLEY_H */
