import json,sys
for f in sys.argv[1:]:
    for b in json.load(open(f)):
        if 'acquire' not in b['benchmark']: continue
        pool=b['params']['pool']
        hist=b['primaryMetric']['rawDataHistogram']  # forks -> iterations -> [[value,count],...]
        tot=0; over={t:0 for t in (100,1000,2000,3000,3900,5000,8000)}
        for fork in hist:
            for it in fork:
                for v,c in it:
                    tot+=c
                    for t in over:
                        if v>t: over[t]+=c
        p=b['primaryMetric']['scorePercentiles']
        print(f.split('/')[-1],pool,tot,'p99.9=%.0f p99.99=%.0f max=%.0f'%(p['99.9'],p['99.99'],p['100.0']),' '.join('>%dus:%.1e'%(t,over[t]/tot) for t in over))
