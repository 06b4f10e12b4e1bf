import {
  ByIdRequest,
  CalendarPreviewRequest,
  CreateCalendarRequest,
  ListCalendarsRequest,
  SchedulingSubject,
  UpdateCalendarRequest,
} from '@app/contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CalendarService } from './calendar.service';

/** NATS handlers of calendars: one line each. */
@Controller()
export class CalendarController {
  constructor(private readonly service: CalendarService) {}

  @MessagePattern(SchedulingSubject.CalendarCreate)
  create(@Payload() r: CreateCalendarRequest) {
    return this.service.create(r.actor, r.body);
  }

  @MessagePattern(SchedulingSubject.CalendarList)
  list(@Payload() r: ListCalendarsRequest) {
    return this.service.list(r.actor, r.query);
  }

  @MessagePattern(SchedulingSubject.CalendarGet)
  get(@Payload() r: ByIdRequest) {
    return this.service.get(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.CalendarUpdate)
  update(@Payload() r: UpdateCalendarRequest) {
    return this.service.update(r.actor, r.id, r.body);
  }

  @MessagePattern(SchedulingSubject.CalendarDelete)
  delete(@Payload() r: ByIdRequest) {
    return this.service.delete(r.actor, r.id);
  }

  @MessagePattern(SchedulingSubject.CalendarPreview)
  preview(@Payload() r: CalendarPreviewRequest) {
    return this.service.preview(r.actor, r.id, r.query);
  }
}
