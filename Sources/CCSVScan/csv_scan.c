/* csv_utf8_is_valid and csv_has_bare_cr (include/csv_scan.h). Checked
   against byte-by-byte versions in AllotIngestTests (CSVScanTests). */
#include "csv_scan.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>

/* The lookup algorithm of Keiser and Lemire, "Validating UTF-8 in less than
   one instruction per byte" (2021), as simdjson and simdutf run it: three
   table lookups classify each pair of bytes, and a check that the bytes after
   3- and 4-byte leads are continuations. */

#define TOO_SHORT (1 << 0)
#define TOO_LONG (1 << 1)
#define OVERLONG_3 (1 << 2)
#define TOO_LARGE (1 << 3)
#define SURROGATE (1 << 4)
#define OVERLONG_2 (1 << 5)
#define TOO_LARGE_1000 (1 << 6)
#define OVERLONG_4 (1 << 6)
#define TWO_CONTS ((char)0x80)
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

__attribute__((target("ssse3")))
static inline __m128i special_cases(__m128i input, __m128i prev1) {
    const __m128i low4 = _mm_set1_epi8(0x0F);
    const __m128i byte1HighTable = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        TOO_SHORT | OVERLONG_2,
        TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m128i byte1LowTable = _mm_setr_epi8(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
        CARRY | OVERLONG_2,
        CARRY,
        CARRY,
        CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000);
    const __m128i byte2HighTable = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
    __m128i byte1High = _mm_shuffle_epi8(byte1HighTable, _mm_and_si128(_mm_srli_epi16(prev1, 4), low4));
    __m128i byte1Low = _mm_shuffle_epi8(byte1LowTable, _mm_and_si128(prev1, low4));
    __m128i byte2High = _mm_shuffle_epi8(byte2HighTable, _mm_and_si128(_mm_srli_epi16(input, 4), low4));
    return _mm_and_si128(_mm_and_si128(byte1High, byte1Low), byte2High);
}

__attribute__((target("ssse3")))
static inline __m128i block_errors(__m128i input, __m128i previous) {
    __m128i prev1 = _mm_alignr_epi8(input, previous, 15);
    __m128i prev2 = _mm_alignr_epi8(input, previous, 14);
    __m128i prev3 = _mm_alignr_epi8(input, previous, 13);
    __m128i special = special_cases(input, prev1);
    __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xF0 - 0x80)));
    __m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must23, special);
}

/* Nonzero where the last bytes of `input` start a sequence it does not finish. */
__attribute__((target("ssse3")))
static inline __m128i incomplete(__m128i input) {
    const __m128i maxValue = _mm_setr_epi8(
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm_subs_epu8(input, maxValue);
}

__attribute__((target("ssse3")))
static bool valid_ssse3(const uint8_t *p, size_t n) {
    __m128i error = _mm_setzero_si128();
    __m128i previous = _mm_setzero_si128();
    __m128i previousIncomplete = _mm_setzero_si128();
    size_t i = 0;
    uint8_t tail[16];
    while (i < n) {
        __m128i input;
        if (i + 16 <= n) {
            input = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        } else {
            /* The last bytes, padded with ASCII spaces: a sequence cut by the end then shows as too short. */
            memset(tail, 0x20, sizeof tail);
            memcpy(tail, p + i, n - i);
            input = _mm_loadu_si128((const __m128i *)(const void *)tail);
        }
        if (_mm_movemask_epi8(input) == 0) {
            error = _mm_or_si128(error, previousIncomplete);
            previousIncomplete = _mm_setzero_si128();
        } else {
            error = _mm_or_si128(error, block_errors(input, previous));
            previousIncomplete = incomplete(input);
        }
        previous = input;
        i += 16;
    }
    error = _mm_or_si128(error, previousIncomplete);
    return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xFFFF;
}
/* The same 32 bytes a step, with AVX2: the tables twice, once per 128-bit
   lane, and the bytes before each lane taken across lanes. */
#define PREVIOUS_BYTES(input, previous, n) \
    _mm256_alignr_epi8((input), _mm256_permute2x128_si256((previous), (input), 0x21), 16 - (n))

__attribute__((target("avx2")))
static inline __m256i special_cases_avx2(__m256i input, __m256i prev1) {
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i byte1HighTable = _mm256_broadcastsi128_si256(_mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        TOO_SHORT | OVERLONG_2,
        TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4));
    const __m256i byte1LowTable = _mm256_broadcastsi128_si256(_mm_setr_epi8(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
        CARRY | OVERLONG_2,
        CARRY,
        CARRY,
        CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000));
    const __m256i byte2HighTable = _mm256_broadcastsi128_si256(_mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT));
    __m256i byte1High = _mm256_shuffle_epi8(byte1HighTable, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low4));
    __m256i byte1Low = _mm256_shuffle_epi8(byte1LowTable, _mm256_and_si256(prev1, low4));
    __m256i byte2High = _mm256_shuffle_epi8(byte2HighTable, _mm256_and_si256(_mm256_srli_epi16(input, 4), low4));
    return _mm256_and_si256(_mm256_and_si256(byte1High, byte1Low), byte2High);
}

__attribute__((target("avx2")))
static bool valid_avx2(const uint8_t *p, size_t n) {
    const __m256i maxValue = _mm256_setr_epi8(
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    __m256i error = _mm256_setzero_si256();
    __m256i previous = _mm256_setzero_si256();
    __m256i previousIncomplete = _mm256_setzero_si256();
    size_t i = 0;
    uint8_t tail[32];
    while (i < n) {
        __m256i input;
        if (i + 32 <= n) {
            input = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
        } else {
            memset(tail, 0x20, sizeof tail);
            memcpy(tail, p + i, n - i);
            input = _mm256_loadu_si256((const __m256i *)(const void *)tail);
        }
        if (_mm256_movemask_epi8(input) == 0) {
            error = _mm256_or_si256(error, previousIncomplete);
            previousIncomplete = _mm256_setzero_si256();
        } else {
            __m256i prev1 = PREVIOUS_BYTES(input, previous, 1);
            __m256i prev2 = PREVIOUS_BYTES(input, previous, 2);
            __m256i prev3 = PREVIOUS_BYTES(input, previous, 3);
            __m256i special = special_cases_avx2(input, prev1);
            __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
            __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
            __m256i must23 = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
            error = _mm256_or_si256(error, _mm256_xor_si256(must23, special));
            previousIncomplete = _mm256_subs_epu8(input, maxValue);
        }
        previous = input;
        i += 32;
    }
    error = _mm256_or_si256(error, previousIncomplete);
    return _mm256_testz_si256(error, error);
}

/* 1 with AVX2 (and the system saving its registers), 2 with SSSE3 alone, 3 with neither. */
static int vector_support(void) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 3;
    int ssse3 = (c & bit_SSSE3) != 0;
    if ((c & bit_OSXSAVE) && (c & bit_AVX)) {
        unsigned lo = 0, hi = 0;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        unsigned a7 = 0, b7 = 0, c7 = 0, d7 = 0;
        if ((lo & 6) == 6 && __get_cpuid_count(7, 0, &a7, &b7, &c7, &d7) && (b7 & bit_AVX2)) return 1;
    }
    return ssse3 ? 2 : 3;
}
#endif

bool csv_utf8_is_valid(const uint8_t *p, size_t n) {
#if defined(__x86_64__) || defined(__i386__)
    /* vector_support(), or 0 before the first call asked the processor. */
    static atomic_int support = 0;
    int known = atomic_load_explicit(&support, memory_order_relaxed);
    if (known == 0) {
        known = vector_support();
        atomic_store_explicit(&support, known, memory_order_relaxed);
    }
    if (known == 1) return valid_avx2(p, n);
    if (known == 2) return valid_ssse3(p, n);
#endif
    (void)p;
    (void)n;
    return false;
}

bool csv_has_bare_cr(const uint8_t *p, size_t n) {
    /* Most feeds end rows with LF alone: no CR at all. */
    if (n == 0 || memchr(p, '\r', n) == NULL) return false;
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i ret = _mm_set1_epi8('\r');
    const __m128i feed = _mm_set1_epi8('\n');
    /* 64 bytes and the one after them a step: a CR at p[i + k] is bare when p[i + k + 1] is no LF. */
    while (i + 65 <= n) {
        __m128i bare = _mm_setzero_si128();
        for (int k = 0; k < 64; k += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i + k));
            __m128i next = _mm_loadu_si128((const __m128i *)(const void *)(p + i + k + 1));
            bare = _mm_or_si128(bare, _mm_andnot_si128(_mm_cmpeq_epi8(next, feed), _mm_cmpeq_epi8(v, ret)));
        }
        if (_mm_movemask_epi8(bare) != 0) return true;
        i += 64;
    }
#endif
    for (; i < n; i++) {
        if (p[i] == '\r' && (i + 1 == n || p[i + 1] != '\n')) return true;
    }
    return false;
}
