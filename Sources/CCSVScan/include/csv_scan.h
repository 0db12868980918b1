#ifndef CSV_SCAN_H
#define CSV_SCAN_H

/* Byte classes of 64 bytes of CSV text at once, for the tokenizer of
   AllotIngest. Inline, so that Swift callers compile them into their own
   loops: SSE2 compares and a byte mask per 16 bytes where the processor has
   them (every x86-64), one byte at a time elsewhere. */

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bit k set when p[k] is a comma or a line feed, for k in 0..<64. */
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

#endif
