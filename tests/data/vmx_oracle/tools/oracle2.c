#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
static char *slurp(const char *p){FILE*f=fopen(p,"rb");if(!f)return NULL;fseek(f,0,SEEK_END);long n=ftell(f);fseek(f,0,SEEK_SET);char*b=malloc(n+1);fread(b,1,n,f);b[n]=0;fclose(f);return b;}
static void quiet(void*u, virErrorPtr e){(void)u;(void)e;}
int main(int argc,char**argv){
  virSetErrorFunc(NULL, quiet);
  virConnectPtr c=virConnectOpen("vmwareplayer:///session");
  if(!c){fprintf(stderr,"open failed: %s\n", virGetLastErrorMessage());return 1;}
  for(int i=1;i<argc;i++){
    char*in=slurp(argv[i]); if(!in) continue;
    virDomainPtr d=virDomainDefineXML(c,in);
    char path[4096];
    if(d){
      char tmp[4096]; strncpy(tmp,argv[i],sizeof tmp-1); tmp[sizeof tmp-1]=0;
      char vmx[8192]; snprintf(vmx,sizeof vmx,"%s/%s.vmx",dirname(tmp),virDomainGetName(d));
      snprintf(path,sizeof path,"%s.lvpath",argv[i]);FILE*f=fopen(path,"w");fputs(vmx,f);fclose(f);
      virDomainUndefine(d); virDomainFree(d);
    } else {snprintf(path,sizeof path,"%s.lverr",argv[i]);FILE*f=fopen(path,"w");fprintf(f,"%s\n",virGetLastErrorMessage());fclose(f);}
    free(in);
  }
  virConnectClose(c);return 0;}
