/*
 * CPU-only stand-in for libollama-ggml-sycl.so from PyPI bigdl-core-cpp 2.6.0.
 *
 * The real library initialises Intel's SYCL runtime when loaded and aborts on
 * a machine without an Intel GPU. The other Ollama libraries import only the
 * five symbols below from it (checked with `nm -D --undefined-only`), so this
 * library reports "no SYCL device" and the server runs on the CPU backend.
 *
 * Signatures follow ggml-sycl.h of the llama.cpp that ipex-llm's Ollama 0.5.4
 * was built from:
 *   ggml_backend_reg_t ggml_backend_sycl_reg(void);
 *   ggml_backend_t     ggml_backend_sycl_init(int device);
 *   int                ggml_backend_sycl_get_device_count(void);
 *   void               ggml_backend_sycl_get_device_name(int, char *, size_t);
 *   void ggml_format_convert_to_xpu(const void *, void *, size_t, int);  (C++)
 *
 * Returning NULL from ggml_backend_sycl_reg is safe: the registry in
 * libollama_ggml.so tests the pointer and skips a NULL backend
 * (ggml_backend_registry::register_backend starts with `test %rsi,%rsi; je`).
 * ggml_format_convert_to_xpu is only called for tensors in GPU buffers
 * (llama_model_loader::load_all_data checks ggml_backend_dev_type == GPU),
 * which never exist here; if it is ever reached, fail loudly instead of
 * silently producing garbage weights.
 *
 * Build: gcc -shared -fPIC -O2 -Wl,-soname,libollama-ggml-sycl.so \
 *            -o libollama-ggml-sycl.so sycl_stub.c
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

EXPORT void *ggml_backend_sycl_reg(void) { return NULL; }

EXPORT void *ggml_backend_sycl_init(int device) {
    (void)device;
    return NULL;
}

EXPORT int ggml_backend_sycl_get_device_count(void) { return 0; }

EXPORT void ggml_backend_sycl_get_device_name(int device, char *description,
                                              size_t description_size) {
    (void)device;
    if (description != NULL && description_size > 0) {
        strncpy(description, "none (CPU-only SYCL stub)", description_size - 1);
        description[description_size - 1] = '\0';
    }
}

/* C++ symbol _Z26ggml_format_convert_to_xpuPKvPvmi, defined from C with an
 * assembler label so no C++ compiler is needed. */
EXPORT void ggml_format_convert_to_xpu(const void *src, void *dst,
                                       unsigned long n, int type)
    __asm__("_Z26ggml_format_convert_to_xpuPKvPvmi");

void ggml_format_convert_to_xpu(const void *src, void *dst, unsigned long n,
                                int type) {
    (void)src; (void)dst; (void)n; (void)type;
    fprintf(stderr, "sycl_stub: ggml_format_convert_to_xpu called, but this "
                    "build has no SYCL device; aborting\n");
    abort();
}
