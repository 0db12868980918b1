#ifndef CSV_SCAN_H
#define CSV_SCAN_H

/* Byte-level scans of CSV text for AllotIngest, where SIMD instructions do
   in one step what Swift does a byte or a word at a time, and atomic access
   to the words of a table that threads share. The Swift side calls them
   only from its handle types (`CSVBytes`, `CSVStringTable`), which check
   the ranges they pass against the memory they own. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Whether p[0..<n] is well-formed UTF-8 (Unicode Table 3-7), a sequence cut
   by the end counting as ill-formed.

   Takes: p pointing at n readable bytes (p may be NULL when n is 0). Reads
   p[0..<n] and nothing else (a last block shorter than a vector is copied
   into a padded one first); writes nothing; keeps no pointer.
   Guarantees: true only for well-formed text, checked 32 bytes a step with
   AVX2 or 16 with SSSE3; false where the processor has neither, so false
   means "not confirmed": the caller then looks byte by byte, as it does to
   find the bad bytes of text that is not valid. Thread-safe. */
bool csv_utf8_is_valid(const uint8_t *p, size_t n);

/* The separators of 64 bytes: bit k set when p[k] is a comma or a line feed,
   for k in 0..<64.

   Takes: p pointing at 64 readable bytes (no alignment needed). Reads exactly
   p[0..<64]; writes nothing. Inline, so that the tokenizer's loop holds it:
   SSE2 compares and a byte mask per 16 bytes where the processor has them
   (every x86-64), one byte at a time elsewhere. */
static inline uint64_t csv_separators64(const uint8_t *p) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i feed = _mm_set1_epi8('\n');
    uint64_t mask = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, feed));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int k = 0; k < 64; k++) mask |= (uint64_t)(p[k] == ',' || p[k] == '\n') << k;
    return mask;
#endif
}

/* The separators of 64 bytes when rows may also end with a bare CR: bit k
   set when p[k] is a comma, a line feed or a carriage return, for k in
   0..<64. As `csv_separators64` otherwise. */
static inline uint64_t csv_separators_cr64(const uint8_t *p) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i feed = _mm_set1_epi8('\n');
    const __m128i ret = _mm_set1_epi8('\r');
    uint64_t mask = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, feed)),
                                   _mm_cmpeq_epi8(v, ret));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int k = 0; k < 64; k++) mask |= (uint64_t)(p[k] == ',' || p[k] == '\n' || p[k] == '\r') << k;
    return mask;
#endif
}

/* Whether p[0..<n] holds a carriage return that no line feed follows: a CR
   at p[k] with k + 1 == n or p[k + 1] != '\n' (a row end of old Mac text, or
   a CR that ends the text).

   Takes: p pointing at n readable bytes (p may be NULL when n is 0). Reads
   p[0..<n] and nothing else; writes nothing; keeps no pointer.
   Guarantees: the exact answer. Text without a CR costs one `memchr`; text
   with one is looked at 64 bytes a step with SSE2 (every x86-64), a byte at
   a time elsewhere. Thread-safe. */
bool csv_has_bare_cr(const uint8_t *p, size_t n);

/* Atomic access to 64-bit words of memory that threads share: Swift's
   standard library has no atomic access to memory it did not declare as an
   atomic value. Each takes p pointing at a readable (and, to store, writable)
   word aligned to 8 bytes, which stays allocated while any thread uses it. */

/* The word at p, with acquire ordering: what was written before the release
   store of this value is visible after it. */
static inline uint64_t csv_load_acquire(const uint64_t *p) {
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/* Stores `value` at p with release ordering (publishes what was written before). */
static inline void csv_store_release(uint64_t *p, uint64_t value) {
    __atomic_store_n(p, value, __ATOMIC_RELEASE);
}

/* Replaces *p by `desired` if it holds `expected`, atomically (acquire and
   release on success, acquire on failure); whether it did. */
static inline bool csv_compare_exchange(uint64_t *p, uint64_t expected, uint64_t desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* Adds `value` to *p atomically, with no ordering of other memory; the sum. */
static inline uint64_t csv_add_relaxed(uint64_t *p, uint64_t value) {
    return __atomic_add_fetch(p, value, __ATOMIC_RELAXED);
}

#endif /* CSV_SCAN_H */
