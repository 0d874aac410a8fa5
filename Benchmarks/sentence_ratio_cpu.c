/* sentence_ratio_cpu.c: CPU-time ratio of Galley's sentence split (rules on, raw) to raw ICU's
 * sentence iterator over UTF-16 (en@ss=standard, conversion not timed), taking turns, min of N rounds.
 * Process CPU time, so other jobs on a loaded machine move it less than wall-clock figures.
 *
 *   gcc -O2 -Iinclude -o /tmp/ratio Benchmarks/sentence_ratio_cpu.c build/libgalley.so -licuuc -licui18n \
 *       -Wl,-rpath,$PWD/build && /tmp/ratio Benchmarks/corpus/en.txt 6 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include "galley.h"
static double cpu(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(int argc,char**argv){
  if(argc<3){fprintf(stderr,"usage: %s CORPUS RUNS\n",argv[0]);return 2;}
  FILE*f=fopen(argv[1],"rb");fseek(f,0,SEEK_END);long n=ftell(f);fseek(f,0,SEEK_SET);
  char*b=malloc(n);if(fread(b,1,n,f)!=(size_t)n)return 1;fclose(f);int runs=atoi(argv[2]);
  UErrorCode st=U_ZERO_ERROR;int32_t ulen=0;u_strFromUTF8(NULL,0,&ulen,b,n,&st);st=U_ZERO_ERROR;
  UChar*u=malloc(sizeof(UChar)*(ulen+1));u_strFromUTF8(u,ulen+1,&ulen,b,n,&st);
  UBreakIterator*bi=ubrk_open(UBRK_SENTENCE,"en@ss=standard",NULL,0,&st);
  galley_segment_options o;galley_segment_options_init(&o,sizeof o);galley_segmenter*rules,*raw;
  galley_segmenter_new(&o,&rules);o.flags=GALLEY_SEGMENT_RAW;galley_segmenter_new(&o,&raw);
  double bi_best=1e9,r_best=1e9,w_best=1e9;
  for(int r=0;r<runs;r++){
    double t0=cpu();ubrk_setText(bi,u,ulen,&st);long c=0;while(ubrk_next(bi)!=UBRK_DONE)c++;double t=cpu()-t0;if(t<bi_best)bi_best=t;
    galley_spans*sp;t0=cpu();galley_segmenter_split(rules,b,n,&sp);t=cpu()-t0;galley_spans_free(sp);if(t<r_best)r_best=t;
    t0=cpu();galley_segmenter_split(raw,b,n,&sp);t=cpu()-t0;galley_spans_free(sp);if(t<w_best)w_best=t;}
  printf("icu %.4f s  rules %.4f s  raw %.4f s  rules/icu %.3fx  raw/icu %.3fx (CPU, min of %d)\n",bi_best,r_best,w_best,bi_best/r_best,bi_best/w_best,runs);
  return 0;}
