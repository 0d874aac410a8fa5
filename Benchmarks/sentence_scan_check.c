/* sentence_scan_check.c: the shim's sentence scan against ICU's sentence iterator (root rules,
 * no suppressions), boundary for boundary: on random strings of the characters the rules of
 * UAX #29 look at, and on files (each file's NUL-separated parts are separate texts).
 * Prints the first differences and a count; 0 differences is the expected result.
 *
 *   gcc -O2 -ISources/CICUShim/include -o /tmp/scan_check Benchmarks/sentence_scan_check.c \
 *       Sources/CICUShim/galley_icu_shim.c -licuuc -licui18n
 *   /tmp/scan_check en 300000                       # random strings (SEED=, LEN= to vary)
 *   /tmp/scan_check en 0 Benchmarks/corpus/en.txt   # files
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "galley_icu_shim.h"
static uint64_t st=12345;
#define SEEDENV do{ if(getenv("SEED")) st=strtoull(getenv("SEED"),0,10);}while(0)
static uint64_t rnd(void){st+=0x9E3779B97F4A7C15ULL;uint64_t z=st;z=(z^(z>>30))*0xBF58476D1CE4E5B9ULL;z=(z^(z>>27))*0x94D049BB133111EBULL;return z^(z>>31);}
static const char*pieces[]={".",".",".",".","!","?","\"","'","(",")","[","]","{","}"," "," "," ","\t","\n","\r","\r\n",",","-",":",";","a","b","z","A","B","Z","0","9","#","%","*","/","\x0b","\x0c","\x7f",
"é","É","ß","ж","Ж","α","Ω","漢","א","ا","٣","\u3002","\uFF0E","\uFF01","\u061F","\u0589","\u2047","\u2024","\uFE52","\u037E","\u2026","\u201C","\u201D","\u2019","«","»","\u300C","\u300D","\xc2\xa0","\u3000","\u2003","\xc2\x85","\u2028","\u2029","\u2013","\u2014","\u3001","\xc2\xad","\u200B","\u200D","\u200E","\u0301","\uFEFF","😀","\U0001D400","\U0001D41A","\U00010400","\U0001D7CE"};
static const char*common[]={". ",". A",".\" B","? ","!) ","a. b","Mr. X","e.g. 5","\n","A.B","x.Y",". 1",".) a",". . .","...",".\"\n"};
static int run(gshim_breaker*b,const char*s,size_t n,size_t*out){const size_t*bo;const int32_t*sts;size_t c;int32_t e;
  if(gshim_breaker_run(b,(const uint8_t*)s,n,&bo,&sts,&c,&e)){printf("err\n");exit(1);} memcpy(out,bo,c*sizeof*bo);return (int)c;}
int main(int argc,char**argv){
  const char*lang=argc>1?argv[1]:"en"; int rounds=argc>2?atoi(argv[2]):100000;
  gshim_breaker*a,*b;int32_t e;SEEDENV;
  if(gshim_breaker_open(2,lang,0,&a,&e)||gshim_breaker_open(2,lang,0,&b,&e)){printf("open\n");return 1;}
  gshim_breaker_set_scan(a,0);
  if(argc>3){ /* files: compare on whole file, \0-separated documents */
    for(int f=3;f<argc;f++){FILE*fp=fopen(argv[f],"rb");fseek(fp,0,SEEK_END);long n=ftell(fp);fseek(fp,0,SEEK_SET);char*t=malloc(n+1);fread(t,1,n,fp);fclose(fp);
      size_t*x=malloc((n+2)*sizeof*x),*y=malloc((n+2)*sizeof*y);long docs=0,bad=0,pos=0;
      while(pos<n){char*z=memchr(t+pos,0,n-pos);long end=z?z-t:n;int cx=run(a,t+pos,end-pos,x),cy=run(b,t+pos,end-pos,y);
        docs++; if(cx!=cy||memcmp(x,y,cx*sizeof*x)){bad++; if(bad<4){int i=0;while(i<cx&&i<cy&&x[i]==y[i])i++;printf("doc %ld differs at bound %d: icu %zu scan %zu\n",docs,i,i<cx?x[i]:0,i<cy?y[i]:0);}}
        pos=end+1;}
      printf("%s: %ld docs, %ld differ\n",argv[f],docs,bad);}
    return 0;}
  int np=sizeof pieces/sizeof*pieces,nc=sizeof common/sizeof*common;char s[4096];size_t x[4096],y[4096];long bad=0;
  for(int r=0;r<rounds;r++){s[0]=0;size_t L=0;int len=rnd()%(getenv("LEN")?atoi(getenv("LEN")):24)+1;for(int i=0;i<len;i++){const char*p=rnd()%3==0?common[rnd()%nc]:pieces[rnd()%np];size_t pl=strlen(p);memcpy(s+L,p,pl);L+=pl;}
    if(rnd()%10==0){s[L++]=0;} /* a NUL */
    int cx=run(a,s,L,x),cy=run(b,s,L,y);
    if(cx!=cy||memcmp(x,y,cx*sizeof*x)){bad++;if(bad<6){printf("MISMATCH [");for(size_t i=0;i<L;i++)printf("%02x ",(unsigned char)s[i]);printf("] icu:");for(int i=0;i<cx;i++)printf(" %zu",x[i]);printf(" scan:");for(int i=0;i<cy;i++)printf(" %zu",y[i]);printf("\n");}}}
  printf("%s: %d rounds, %ld mismatches\n",lang,rounds,bad);return 0;}
