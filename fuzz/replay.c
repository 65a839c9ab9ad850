/*
 * fuzz/replay.c - a main() for the harnesses without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on every file named (directories: every
 * file in them, sorted).  Built with the project's own compiler in every
 * test build, so that the seed corpus and the regression inputs of
 * fuzz/regress/ run under ASan/UBSan in CI even without clang.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!fp || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (fp)
			fclose(fp);
		return 1;
	}
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		free(buf);
		fclose(fp);
		return 1;
	}
	fclose(fp);
	fprintf(stderr, "replay: %s (%ld bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	int bad = 0, files = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		struct dirent **ents;
		int n;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: no such file %s\n", argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= run_file(argv[i]);
			files++;
			continue;
		}
		n = scandir(argv[i], &ents, NULL, by_name);
		for (int j = 0; j < n; j++) {
			char p[4096];

			if (ents[j]->d_name[0] != '.') {
				snprintf(p, sizeof(p), "%s/%s", argv[i],
					 ents[j]->d_name);
				bad |= run_file(p);
				files++;
			}
			free(ents[j]);
		}
		free(ents);
	}
	printf("replay: %d inputs, %s\n", files, bad ? "errors" : "no crash");
	return bad;
}
