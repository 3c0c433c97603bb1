/* A C program outside the tree that decides with the installed library:
 *   cc main.c $(pkg-config --cflags --libs refrain)
 *   ./a.out BUNDLE.rfb REQUEST.json...
 * prints each request's decision, byte for byte what
 * `refrain eval --bundle BUNDLE.rfb --request REQUEST.json` prints, and the
 * bundle's hash on stderr. Exit status 0, or 1 when a file cannot be read or
 * the bundle is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <refrain/refrain.h>

/* The whole of `path` in a malloc'd block (*len bytes), or NULL. */
static char* readFile(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  size_t size = 0, room = 4096;
  char* data = malloc(room);
  size_t got;
  while (data && (got = fread(data + size, 1, room - size, f)) > 0) {
    size += got;
    if (size == room) {
      char* more = realloc(data, room *= 2);
      if (!more) free(data);
      data = more;
    }
  }
  if (ferror(f)) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *len = size;
  return data;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s BUNDLE.rfb REQUEST.json...\n", argv[0]);
    return 2;
  }
  size_t len;
  char* bytes = readFile(argv[1], &len);
  if (!bytes) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  rf_error err;
  rf_bundle* bundle = rf_bundle_load((const uint8_t*)bytes, len, &err);
  free(bytes);
  if (!bundle) {
    fprintf(stderr, "bundle refused: %s\n", err.message);
    return 1;
  }
  fprintf(stderr, "refrain %s, bundle %s\n", rf_version(), rf_bundle_hash(bundle));
  int status = 0;
  for (int i = 2; i < argc && status == 0; ++i) {
    char* request = readFile(argv[i], &len);
    if (!request) {
      fprintf(stderr, "cannot read %s\n", argv[i]);
      status = 1;
      break;
    }
    rf_buffer decision;
    int allowed = rf_decide(bundle, request, len, &decision);
    free(request);
    if (allowed < 0) {
      fprintf(stderr, "out of memory\n");
      status = 1;
      break;
    }
    fwrite(decision.data, 1, decision.len, stdout);
    rf_buffer_free(&decision);
  }
  rf_bundle_free(bundle);
  return status;
}
