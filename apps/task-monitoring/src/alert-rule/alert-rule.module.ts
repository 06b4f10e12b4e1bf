import { Module } from '@nestjs/common';
import { AlertModule } from '../alert/alert.module';
import { AlertRuleController } from './alert-rule.controller';
import { AlertRuleRepository } from './alert-rule.repository';
import { AlertRuleService } from './alert-rule.service';

@Module({
  imports: [AlertModule],
  controllers: [AlertRuleController],
  providers: [AlertRuleRepository, AlertRuleService],
  exports: [AlertRuleRepository],
})
export class AlertRuleModule {}
