import sys,re,collections
for f in sys.argv[1:]:
    last={}; c=collections.Counter(); span=[]
    for line in open(f):
        m=re.match(r'\s*([\d.]+)\s+\[(\d+)\]\s+(.+?)\[(\d+)(?:/\d+)?\]\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\S+)',line)
        if not m: continue
        t,cpu,name,tid,wait,delay,run,state=m.groups(); span.append(float(t))
        if not name.strip().startswith('io.github'): continue
        prev=last.get(tid); last[tid]=state
        if prev=='R': d=float(wait)
        else: d=float(delay)
        for th in (1,3):
            if d>th: c[(prev,'>%dms'%th)]+=1
        c[(prev,'all')]+=1
    s=span[-1]-span[0]
    print(f, '%.1fs'%s, {k:v for k,v in sorted(c.items(),key=str)})
